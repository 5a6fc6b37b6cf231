import { EvalError, asBool, asNumber, bool, equals, num, unknown, type Value } from './value';

/** `-x` and `!x`. */
export function unary(op: string, v: Value, label: string): Value {
  if (op === '!') return v.t === 'unknown' ? unknown('bool', label) : bool(!asBool(v, '!'));
  if (op === '-') return v.t === 'unknown' ? unknown('number', label) : num(-asNumber(v, '-'));
  return unknown('any', label);
}

/** A binary operator of HCL on two values; unknown when the result depends on an unknown operand. */
export function binary(op: string, l: Value, r: Value, label: string): Value {
  switch (op) {
    case '==':
    case '!=': {
      const e = equals(l, r);
      return e === undefined ? unknown('bool', label) : bool(op === '==' ? e : !e);
    }
    case '&&':
    case '||': {
      const a = l.t === 'unknown' ? undefined : asBool(l, op);
      const b = r.t === 'unknown' ? undefined : asBool(r, op);
      if (op === '&&' && (a === false || b === false)) return bool(false);
      if (op === '||' && (a === true || b === true)) return bool(true);
      return a === undefined || b === undefined ? unknown('bool', label) : bool(op === '&&' ? a && b : a || b);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (l.t === 'unknown' || r.t === 'unknown') return unknown('bool', label);
      const a = asNumber(l, op);
      const b = asNumber(r, op);
      return bool(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b);
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      if (l.t === 'unknown' || r.t === 'unknown') return unknown('number', label);
      const a = asNumber(l, op);
      const b = asNumber(r, op);
      if ((op === '/' || op === '%') && b === 0) throw new EvalError('division by zero');
      return num(op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b);
    }
    default:
      return unknown('any', label);
  }
}
