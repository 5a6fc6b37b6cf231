/**
 * A seeded, reproducible mutation fuzzer for the engine. It mutates realistic inputs (our fixtures, examples/ and,
 * with `KEYSCOPE_CORPUS`, the shared corpus) and checks, for each mutant, that analysis returns, that every range lies in the document, and
 * that every quick fix applies to a text that parses at least as well as before.
 */
import { readFileSync } from 'node:fs';
import { parseTree, type ParseError } from 'jsonc-parser';
import { analyze, syntaxOf } from '../../server/src/analyze';
import { applyEdits } from '../../server/src/policy/json-writer';
import { parseHcl } from '../../server/src/terraform/syntax/parser';
import { corpusFiles, ownFiles } from '../helpers/corpus';

/** mulberry32: small, fast, good enough for choosing mutations; the same seed gives the same run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['{', '}', '[', ']', '"', ',', ':', '=', '\n', '${', '}', '<<EOF\n', '\nEOF\n', '"kms:', '"Principal"', '"*"', 'jsonencode(', ')', '\\', '\u0000', '😀', '\ud800', '\udfff', 'é', '\u202e', '\t', '#', '//', '/*'];

export type Mutation = (text: string, r: () => number) => string;

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const at = (text: string, r: () => number) => Math.floor(r() * (text.length + 1));

/** Values a policy author might type: they keep the document parseable, so rules and fixes get exercised. */
const WORDS = ['kms:Decrpyt', 'kms:decrypt', 'kms:*', '*', 's3:GetObject', 'kms:CreateKey', 'kms:Foo*', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::11112222333:role/x', 'arn:aws:iam::111122223333:group/g', 'arn:aws:iam::111122223333:role/*', '111122223333', 'Allow', 'Deny', 'allow', 'Principle', 'Actions', 'NotResource', 'kms:ViaService', 'kms:CallerAccount', 'kms:ResourceAliases', 's3:prefix', 'StringEqual', 'ForAllValues:StringEquals', 'arn:aws:kms:eu-west-1:111122223333:key/x', 'ec2.amazonaws.com', 'true', '2008-10-17', 'enable_key_rotation', 'HMAC_256', 'RSA_2048', ''];

export const MUTATIONS: Record<string, Mutation> = {
  replaceString: (t, r) => {
    const strings = [...t.matchAll(/"(?:[^"\\\n]|\\.)*"/g)];
    if (!strings.length) return t;
    const m = pick(strings, r);
    return t.slice(0, m.index!) + JSON.stringify(pick(WORDS, r)) + t.slice(m.index! + m[0].length);
  },
  truncate: (t, r) => t.slice(0, at(t, r)),
  insert: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + pick(PIECES, r) + t.slice(i);
  },
  delete: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(Math.min(t.length, i + 1 + Math.floor(r() * 40)));
  },
  swapTokens: (t, r) => {
    const tokens = t.split(/(\s+|[{}[\],:=()])/);
    if (tokens.length < 3) return t;
    const i = Math.floor(r() * tokens.length);
    const j = Math.floor(r() * tokens.length);
    [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
    return tokens.join('');
  },
  duplicate: (t, r) => {
    const i = at(t, r);
    const j = Math.min(t.length, i + Math.floor(r() * 200));
    return t.slice(0, j) + t.slice(i, j) + t.slice(j);
  },
  unicode: (t, r) => {
    const i = at(t, r);
    let s = '';
    for (let k = 0; k < 1 + Math.floor(r() * 8); k++) s += String.fromCharCode(Math.floor(r() * 0x10000));
    return t.slice(0, i) + s + t.slice(i);
  },
  nest: (t, r) => {
    const i = at(t, r);
    const depth = 1 + Math.floor(r() * 1200);
    return t.slice(0, i) + '['.repeat(depth) + ']'.repeat(Math.floor(r() * depth)) + t.slice(i);
  },
};

/** How badly a text fails to parse in its syntax: parse errors (JSON) or error nodes (HCL). */
export function syntaxErrors(text: string, path: string): number {
  if (syntaxOf(path) === 'terraform') {
    const parsed = parseHcl(text);
    let n = 0;
    const cursor = parsed.tree.walk();
    let done = false;
    while (!done) {
      if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) n++;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
      }
    }
    parsed.tree.delete();
    return n;
  }
  const errs: ParseError[] = [];
  parseTree(text, errs, { disallowComments: true, allowTrailingComma: false });
  return errs.length;
}

export interface FuzzFailure {
  seed: number;
  file: string;
  mutations: string[];
  problem: string;
  input: string;
}

export interface FuzzReport {
  inputs: number;
  findings: number;
  fixesApplied: number;
  failures: FuzzFailure[];
  slowest: { ms: number; file: string };
}

/** Runs `count` mutants drawn from `files`, starting at `seed`. `boundMs` flags an analysis that takes far too long (a hang). */
export function fuzz(files: string[], count: number, seed: number, boundMs = 10000): FuzzReport {
  const texts = files.map((f) => ({ path: f, text: readFileSync(f, 'utf8') }));
  const report: FuzzReport = { inputs: 0, findings: 0, fixesApplied: 0, failures: [], slowest: { ms: 0, file: '' } };
  const names = Object.keys(MUTATIONS);
  for (let n = 0; n < count; n++) {
    const s = seed + n;
    const r = rng(s);
    const base = texts[Math.floor(r() * texts.length)];
    let text = base.text;
    const applied: string[] = [];
    // Half the mutants stay parseable (only string values change), so rules and their fixes are exercised.
    const semantic = r() < 0.5;
    for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) {
      const name = semantic ? 'replaceString' : pick(names, r);
      applied.push(name);
      text = MUTATIONS[name](text, r);
    }
    report.inputs++;
    const fail = (problem: string) => report.failures.push({ seed: s, file: base.path, mutations: applied, problem, input: text.slice(0, 2000) });
    const t0 = performance.now();
    let result;
    try {
      result = analyze({ path: base.path, text, force: true });
    } catch (e) {
      fail(`analysis threw: ${(e as Error).stack ?? e}`);
      continue;
    }
    const ms = performance.now() - t0;
    if (ms > report.slowest.ms) report.slowest = { ms, file: base.path };
    if (ms > boundMs) fail(`analysis took ${Math.round(ms)} ms`);
    report.findings += result.findings.length;
    const before = result.findings.some((f) => f.fixes.length) ? syntaxErrors(text, base.path) : 0;
    for (const f of result.findings) {
      if (!(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length)) fail(`${f.ruleId}: range ${f.span.start}-${f.span.end} outside 0-${text.length}`);
      for (const fix of f.fixes) {
        if (fix.edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) {
          fail(`${f.ruleId}: fix "${fix.title}" edits outside the document`);
          continue;
        }
        const fixed = applyEdits(text, fix.edits);
        report.fixesApplied++;
        const after = syntaxErrors(fixed, base.path);
        if (after > before) fail(`${f.ruleId}: fix "${fix.title}" made the text parse worse (${before} -> ${after} errors)`);
      }
    }
  }
  return report;
}

/** Inputs to mutate: our realistic fixtures, the examples, and the shared corpus when `KEYSCOPE_CORPUS` is set. */
export function fuzzInputs(): string[] {
  return [...ownFiles(), ...corpusFiles()];
}
