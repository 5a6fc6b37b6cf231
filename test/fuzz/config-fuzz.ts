/**
 * The adversarial configuration generator: random `.keyscope.json` texts built from the contract's fields with
 * hostile values (adversarial globs, wrong types, huge strings, broken JSON), and random editor settings. Each
 * goes through the real parse, sanitise, resolve and match path and then an analysis; a failure is an
 * exception, a problem placed outside the text, a resolved value of the wrong type, a message that repeats a
 * value, or an analysis silenced by a setting it should have ignored.
 */
import { analyze } from '../../server/src/analyze';
import { globProblem, matchesInclude, resolveSettings, sanitizeSettings, SETTINGS_FIELDS, type KeyscopeSettings } from '../../server/src/settings';
import { parseConfig } from '../../server/src/settings/load';
import { rng } from './fuzz';

/** Put into values (never into names): no message may repeat it. */
const MARKER = 'SECRETVALUE';
const GLOB_PIECES = ['*', '**', '/', '**/', '+(', '@(', '!(', '*(', '?(', ')', '|', '{', ',', '}', '[', ']', '!', '^', '\\', 'a', 'x', '.', '?', '[[:alpha:]]', '-', 'é', '\u0000', MARKER];
const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

export function hostileGlob(r: () => number): string {
  const kind = r();
  if (kind < 0.15) return pick(['*a', '?*', '**/', '*[a]', 'a*'], r).repeat(1 + Math.floor(r() * 300)) + pick(['b', '', 'x/**'], r);
  if (kind < 0.2) return 'a'.repeat(Math.floor(r() * 80_000));
  let g = '';
  for (let n = Math.floor(r() * 14); n > 0; n--) g += pick(GLOB_PIECES, r);
  return g;
}

function hostileValue(r: () => number, depth = 0): unknown {
  const k = r();
  if (k < 0.15) return hostileGlob(r);
  if (k < 0.25) return Math.floor(r() * 2e9) * (r() < 0.5 ? -1 : 1) / (r() < 0.3 ? 1000 : 1);
  if (k < 0.3) return null;
  if (k < 0.35) return r() < 0.5;
  if (k < 0.45) return pick(LEVELS, r);
  if (k < 0.5) return MARKER;
  if (k < 0.6 && depth < 3) return Array.from({ length: Math.floor(r() * 4) }, () => hostileValue(r, depth + 1));
  if (k < 0.7 && depth < 3) return Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [pick(['name', 'stage', 'files', 'rules', 'x', '__proto__', '111122223333'], r), hostileValue(r, depth + 1)]));
  return '';
}

/** A plausible-looking settings object whose values are often wrong. */
export function hostileSettings(r: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SETTINGS_FIELDS) {
    if (r() < 0.4) continue;
    const parts = f.key.split('.');
    let t = out;
    for (const p of parts.slice(0, -1)) t = (t[p] = typeof t[p] === 'object' && t[p] ? t[p] : r() < 0.05 ? hostileValue(r) : {}) as Record<string, unknown>;
    if (typeof t !== 'object' || t === null) continue;
    const last = parts[parts.length - 1];
    const v = r();
    if (v < 0.3) t[last] = f.example;
    else if (f.key === 'files.include') t[last] = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.7 ? hostileGlob(r) : hostileValue(r)));
    else if (f.key === 'rules') t[last] = { 'unknown-action': pick([...LEVELS, MARKER, 3, null], r), [pick(['kms-star', 'x', ''], r)]: hostileValue(r) };
    else if (f.key === 'accounts') t[last] = { [pick(['111122223333', '1234', 'prod'], r)]: { name: hostileValue(r), stage: hostileValue(r) } };
    else t[last] = hostileValue(r);
  }
  if (r() < 0.5) out.overrides = Array.from({ length: 1 + Math.floor(r() * 2) }, () => (r() < 0.8 ? { files: Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.7 ? hostileGlob(r) : hostileValue(r))), rules: { 'unknown-action': pick(LEVELS, r) } } : hostileValue(r)));
  if (r() < 0.1) out[pick(['colour', MARKER.toLowerCase(), '$schema'], r)] = hostileValue(r);
  return out;
}

function hostileText(r: () => number): string {
  const text = JSON.stringify(hostileSettings(r), null, r() < 0.5 ? 2 : 0);
  const k = r();
  if (k < 0.08) return text.slice(0, Math.floor(r() * text.length)); // cut short
  if (k < 0.12) return text.replace(/,/, ',,');
  if (k < 0.14) return 'root:x:0:0:root:/root:/bin/bash\n';
  if (k < 0.16) return '';
  return text;
}

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/orders-dev-app' }, Action: ['kms:Decrpyt'], Resource: '*' }], Id: 'orders-prod-key' }, null, 2);
const PATHS = ['a.kms.json', 'keys/prod/b.kms.json', 'x/'.repeat(100) + 'key-policy.json', 'a'.repeat(250) + '.json', 'kms/é/😀.json'];

export interface ConfigFuzzReport {
  inputs: number;
  problems: number;
  failures: { seed: number; problem: string; text: string }[];
}

/** Runs `count` hostile configurations from `seed`; each is reproducible from its own seed. */
export function fuzzConfigs(count: number, seed: number): ConfigFuzzReport {
  const report: ConfigFuzzReport = { inputs: 0, problems: 0, failures: [] };
  for (let i = 0; i < count; i++) {
    const s = seed + i;
    const r = rng(s);
    const text = hostileText(r);
    const editorValue = hostileSettings(r);
    report.inputs++;
    try {
      const { config, problems } = parseConfig(text);
      const editor = sanitizeSettings(editorValue, 'editor');
      report.problems += problems.length + editor.problems.length;
      const fail = (problem: string) => report.failures.push({ seed: s, problem, text: text.slice(0, 2000) });
      for (const p of problems) if (p.start < 0 || p.end > text.length || p.start > p.end) fail(`problem outside the text: ${p.start}-${p.end} of ${text.length}`);
      for (const m of [...problems.map((p) => p.message), ...editor.problems.map((p) => p.message)]) if (m.includes(MARKER) || m.includes('root:x')) fail(`a message repeats a value: ${m.slice(0, 200)}`);
      for (const path of PATHS) {
        const settings = resolveSettings(editor.settings, config, path);
        const wrong = wrongType(settings);
        if (wrong) fail(`resolved ${wrong}`);
        matchesInclude(settings, path);
        const analysis = analyze({ path: `/ws/${path}`, relPath: path, text: POLICY, settings, force: true });
        if (analysis.internalErrors?.length) fail(`internal error: ${analysis.internalErrors[0].split('\n')[0]}`);
        // Silenced on purpose: the rule turned off, or Keyscope turned off (`enable: false`).
        const offByUser = settings.rules['unknown-action'] === 'off' || !settings.enable;
        if (!offByUser && !analysis.findings.some((f) => f.ruleId === 'unknown-action')) fail('analysis silenced');
      }
    } catch (e) {
      report.failures.push({ seed: s, problem: `threw ${(e as Error)?.stack ?? e}`, text: text.slice(0, 2000) });
    }
  }
  return report;
}

function wrongType(s: KeyscopeSettings): string | undefined {
  if (!s.files.include.every((g) => typeof g === 'string' && !globProblem(g))) return 'files.include holds a refused glob';
  if (typeof s.enable !== 'boolean') return 'enable is not a boolean';
  if (typeof s.files.contentSniffing !== 'boolean') return 'files.contentSniffing is not a boolean';
  for (const k of ['maxFileSizeKB', 'maxNestingDepth'] as const) if (!(typeof s.limits[k] === 'number' && s.limits[k] >= 1)) return `limits.${k} is not a number >= 1`;
  if (!Object.values(s.rules).every((l) => LEVELS.includes(l))) return 'a rule level is not a level';
  for (const a of Object.values(s.accounts)) if ((a.name !== undefined && typeof a.name !== 'string') || (a.stage !== undefined && typeof a.stage !== 'string')) return 'an account field is not a string';
  for (const k of ['deployerArn', 'organizationId'] as const) if (s[k] !== undefined && typeof s[k] !== 'string') return `${k} is not a string`;
  return undefined;
}
