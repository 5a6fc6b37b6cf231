// A tiny sequential test runner for code that runs inside VS Code's extension host, where Node's test runner
// cannot report to the terminal: the cases register with `describe`/`it`, `runAll` runs them one after the
// other and returns one result per case, which the e2e driver (test/e2e/in-host.test.ts) reports.

/** The outcome of one in-host case, as written to the results file. */
export interface InHostResult {
  /** The enclosing `describe` names and the case's own, joined with " › ". */
  name: string;
  ok: boolean;
  /** The failure's stack (or message) when `ok` is false. */
  error?: string;
  /** Why the case did not apply (it passed without checking anything). */
  skipped?: string;
  /** A figure the case measured, printed by the driver (never asserted). */
  report?: string;
}

/** What the test extension writes to the results file. */
export interface InHostReport {
  /** `vscode.version` of the extension host the cases ran in. */
  vscodeVersion: string;
  results: InHostResult[];
}

/** What a case resolves to when it does not apply here (e.g. a feature the engine does not offer yet). */
export class Skip {
  constructor(readonly reason: string) {}
}

type Case = () => unknown | Promise<unknown>;

const cases: { name: string; fn: Case }[] = [];
const path: string[] = [];

/** Groups cases; the name prefixes theirs. */
export function describe(name: string, body: () => void): void {
  path.push(name);
  try {
    body();
  } finally {
    path.pop();
  }
}

/** What a case resolves to when it measured something to print beside its result. */
export interface Measured {
  report: string;
}

const isMeasured = (v: unknown): v is Measured => typeof v === 'object' && v !== null && typeof (v as Measured).report === 'string';

/**
 * Registers a case: it passes unless it throws or its promise rejects; it is skipped if it resolves to a `Skip`;
 * what it resolves to as `{ report }` is printed with its result.
 */
export function it(name: string, fn: Case): void {
  cases.push({ name: [...path, name].join(' › '), fn });
}

/** A case that has not settled after this long fails, so one hung case cannot stall the whole run. */
const CASE_TIMEOUT_MS = 60_000;

function withTimeout(p: Promise<unknown>, name: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${name}: no result after ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every registered case in order. */
export async function runAll(): Promise<InHostResult[]> {
  const results: InHostResult[] = [];
  for (const c of cases) {
    try {
      const outcome = await withTimeout(Promise.resolve().then(c.fn), c.name);
      results.push({ name: c.name, ok: true, ...(outcome instanceof Skip ? { skipped: outcome.reason } : {}), ...(isMeasured(outcome) ? { report: outcome.report } : {}) });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  return results;
}
