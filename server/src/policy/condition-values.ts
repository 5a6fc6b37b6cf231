/**
 * The value formats condition operators compare (IAM policy grammar): what a Bool, Numeric, Date, IpAddress
 * or Arn operator can read. Used by the `condition-operator` rule; the evaluator may reuse them.
 */
import type { PNode } from './model';

/** Operator families as in the catalogue's `OPERATORS[...].type`. */
export type OperatorType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

const BOOL = /^(true|false)$/i;
const NUMBER = /^-?\d+(\.\d+)?$/;
// ISO 8601 as AWS documents it: a date, optionally a time with seconds, fraction and zone.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;
const IPV6 = /^[0-9a-f:.]+(\/(\d{1,3}))?$/i;

/** What a value of `type` should look like, for messages. */
export const EXPECTED: Record<OperatorType, string> = {
  String: 'a string',
  Binary: 'a base64 string',
  Numeric: 'a number',
  Date: 'a date (ISO 8601, e.g. "2026-01-31T00:00:00Z", or epoch seconds)',
  Bool: 'true or false',
  Null: 'true (the key is absent) or false (it is present)',
  IPAddress: 'an IP address or CIDR range, e.g. "203.0.113.0/24"',
  ARN: 'an ARN (wildcards allowed), e.g. "arn:aws:iam::111122223333:role/*"',
};

/**
 * True when a literal condition value can be read by an operator of `type`. Objects and nested lists are
 * never valid; values holding a policy variable (`${aws:username}`) are accepted as written.
 */
export function valueFits(type: OperatorType, node: PNode): boolean {
  if (node.kind === 'object' || node.kind === 'array' || node.kind === 'null') return false;
  if (node.kind === 'symbolic' || (node.kind === 'string' && (node.template || node.value.includes('${')))) return true;
  const text = String(node.value);
  switch (type) {
    case 'String':
      return true;
    case 'Binary':
      return node.kind === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
    case 'Bool':
    case 'Null':
      return node.kind === 'boolean' || (node.kind === 'string' && BOOL.test(text));
    case 'Numeric':
      return node.kind === 'number' || (node.kind === 'string' && NUMBER.test(text));
    case 'Date':
      return node.kind === 'number' || (node.kind === 'string' && (NUMBER.test(text) || (ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)))));
    case 'IPAddress':
      return node.kind === 'string' && isIpOrCidr(text);
    case 'ARN':
      return node.kind === 'string' && (text.startsWith('arn:') || text === '*');
  }
}

function isIpOrCidr(text: string): boolean {
  const v4 = IPV4.exec(text);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && (v4[6] === undefined || Number(v4[6]) <= 32);
  const v6 = IPV6.exec(text);
  if (!v6 || !text.includes(':')) return false;
  const addr = text.split('/')[0];
  const groups = addr.split(':');
  return groups.length >= 3 && groups.length <= 8 && (v6[2] === undefined || Number(v6[2]) <= 128) && (addr.includes('::') || groups.length === 8);
}
