/**
 * Placeholders and symbolic accounts: text that stands for a value someone or something fills in before AWS
 * sees the policy. One reading for every rule and the access evaluator, so that "is this the account?" has one
 * answer: a literal 12-digit id, or a value not known here (a Terraform interpolation, a template variable, a
 * placeholder of a guide or a deployment tool) — never "another account", never an invalid principal.
 *
 * Forms recognised (each is written in public guides and templates):
 * - `${...}`: Terraform templates, CloudFormation `Fn::Sub` (`${AWS::AccountId}`), the Serverless Framework
 *   (`${self:custom.account}`, `${aws:accountId}`);
 * - `#{...}`: serverless-pseudo-parameters (`#{AWS::AccountId}`);
 * - `{{...}}`: Mustache, Jinja, Ansible, Handlebars (`{{account_id}}`);
 * - `<...>` and `{...}`: documentation (`<account-id>`, `{account}`);
 * - an upper-case word with an underscore or of capitals only (`YOUR_ACCOUNT_ID`, `ACCOUNT_ID`, `ACCOUNT`).
 */

/** One placeholder inside a string: its offsets in the string and its text. */
export interface PlaceholderPart {
  start: number;
  end: number;
  text: string;
}

// Delimited forms, scanned without backtracking: an opener, then everything up to the first closer.
const OPENERS: readonly { open: string; close: string }[] = [
  { open: '${', close: '}' },
  { open: '#{', close: '}' },
  { open: '{{', close: '}}' },
];

/**
 * The delimited placeholders in `text` (`${...}`, `#{...}`, `{{...}}`), in order. A Terraform template's
 * `${...}` is found too: callers that know a string is a Terraform template decide what it means.
 */
export function delimitedPlaceholders(text: string): PlaceholderPart[] {
  const out: PlaceholderPart[] = [];
  // Every opener has a `{`: most values have none, and are done with one scan.
  if (!text.includes('{')) return out;
  let i = 0;
  while (i < text.length) {
    const form = OPENERS.find((o) => text.startsWith(o.open, i));
    if (!form) {
      i++;
      continue;
    }
    const close = text.indexOf(form.close, i + form.open.length);
    if (close < 0) break;
    const end = close + form.close.length;
    out.push({ start: i, end, text: text.slice(i, end) });
    i = end;
  }
  return out;
}

/**
 * Upper-case words with `_` or `-`, or naming an account (YOUR_ACCOUNT_ID, ACCOUNT-ID, ACCOUNTID). Unique ids
 * (`AROA...`) are capitals too, and are no placeholder.
 */
function isCapitalWord(text: string): boolean {
  if (text.length < 2 || text.length > 64 || !/^[A-Z][A-Z0-9_-]*$/.test(text)) return false;
  return /[_-]/.test(text) || text.includes('ACCOUNT') || text.includes('ACCT');
}

/**
 * True when `text` as a whole is a placeholder: one delimited placeholder, `<...>`, `{...}` or a capital word.
 * `text` is one value or, with `account`, the account segment of an ARN, where any word with a letter
 * (`account-id`, `XXXXXXXXXXXX`) stands for the account: no account id has one.
 */
export function isPlaceholderToken(text: string, account = false): boolean {
  if (text.length < 2) return false;
  const parts = delimitedPlaceholders(text);
  if (parts.length === 1 && parts[0].start === 0 && parts[0].end === text.length) return true;
  if ((text.startsWith('<') && text.endsWith('>')) || (text.startsWith('{') && text.endsWith('}'))) return !text.slice(1, -1).includes(text[0]);
  if (account) return text.length <= 64 && /^[A-Za-z][\w-]*$/.test(text);
  return isCapitalWord(text);
}

/**
 * Splits an ARN at its colons, leaving delimited parts (`${AWS::AccountId}`, `#{AWS::AccountId}`,
 * `{{account}}`) whole; the sixth part keeps its colons.
 */
export function splitArn(arn: string): string[] {
  const parts: string[] = [];
  if (!arn.includes('{')) {
    // No delimited part: the first five colons split it.
    let at = 0;
    for (let colon = arn.indexOf(':'); colon >= 0 && parts.length < 5; colon = arn.indexOf(':', at)) {
      parts.push(arn.slice(at, colon));
      at = colon + 1;
    }
    parts.push(arn.slice(at));
    return parts;
  }
  let depth = 0;
  let cur = '';
  for (let i = 0; i < arn.length; i++) {
    const c = arn[i];
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && parts.length < 5) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** The account segment of an ARN (`arn:partition:service:region:ACCOUNT:resource`), or undefined. */
export function arnAccount(text: string): string | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = splitArn(text);
  return parts.length >= 6 ? parts[4] : undefined;
}

/**
 * True when an account value names one account: a 12-digit id, or one symbolic value standing for an account
 * (a Terraform `${...}` or a placeholder). A wildcard, an empty segment or other text does not.
 */
export function namesAnAccount(account: string): boolean {
  return /^\d{12}$/.test(account) || isPlaceholderToken(account, true);
}

/**
 * The placeholders a literal string value holds, for the placeholder rule and for the principal reader: the
 * delimited ones anywhere, and a whole value or ARN account segment that is a placeholder (`YOUR_ACCOUNT_ID`,
 * `<account-id>`). A Terraform template is not a literal: its `${...}` are Terraform's, evaluated elsewhere.
 */
export function placeholdersIn(value: string): PlaceholderPart[] {
  const delimited = delimitedPlaceholders(value);
  if (delimited.length) return delimited;
  if (isPlaceholderToken(value)) return [{ start: 0, end: value.length, text: value }];
  const account = arnAccount(value);
  if (account !== undefined && account !== '' && isPlaceholderToken(account, true)) {
    const start = splitArn(value).slice(0, 4).join(':').length + 1;
    return [{ start, end: start + account.length, text: account }];
  }
  return [];
}

/**
 * `text` with each delimited placeholder replaced by a stand-in a parser accepts: a 12-digit account where it
 * is an ARN's whole account segment, `x` anywhere else. What the result parses as is what the text is whatever
 * the placeholders hold: `arn:aws:iam::${var.acct}:user/${var.name}` is a user, `arn:aws:kms:...:key/${k}` a
 * key ARN. Undefined when `text` holds none.
 */
export function withStandIns(text: string): string | undefined {
  const parts = splitArn(text);
  const sub = (part: string) => {
    let out = '';
    let at = 0;
    for (const p of delimitedPlaceholders(part)) {
      out += part.slice(at, p.start) + 'x';
      at = p.end;
    }
    return out + part.slice(at);
  };
  let changed = false;
  const value = parts
    .map((p, i) => {
      if (!delimitedPlaceholders(p).length) return p;
      changed = true;
      return text.startsWith('arn:') && i === 4 && isPlaceholderToken(p) ? '000000000000' : text.startsWith('arn:') && i === 1 && isPlaceholderToken(p) ? 'aws' : sub(p);
    })
    .join(':');
  return changed ? value : undefined;
}
