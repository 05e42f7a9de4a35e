import { hotkeyErrors } from './errors';

/**
 * A value `pythonJsonDumps` can encode: what `JSON.parse` yields, plus `bigint` for integers beyond
 * 2^53 (Python ints are unbounded).
 */
export type PythonJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue };

export interface PythonJsonDumpsOptions {
  /** Python's `sort_keys`: order object keys by Unicode code point. Default false (insertion order). */
  readonly sortKeys?: boolean;
}

/**
 * Byte-identical to Python's `json.dumps(value, sort_keys=...)` with every other argument at its
 * default: separators `", "` and `": "`, `ensure_ascii=True`, `allow_nan=True`.
 *
 * Numbers: JavaScript cannot tell `1.0` from `1`, so every integral number prints as a Python int
 * (`1`, `-0` → `0`, `1e20` → `100000000000000000000`); a Python float that happens to be integral
 * (`1.0`, `1e+16`) cannot be reproduced. Non-integral numbers print as Python's `float.__repr__`
 * (`0.1`, `1e-05`, `1.5e-07`); NaN and ±Infinity as `NaN`, `Infinity`, `-Infinity`. `bigint` prints
 * as an exact int.
 *
 * Without `sortKeys`, keys come in JavaScript's own order, which puts integer-like keys first; a
 * Python dict keeps pure insertion order. Signing blobs always use `sortKeys`.
 *
 * Throws `JSON_VALUE_UNSUPPORTED` for anything Python's encoder would not see in parsed JSON
 * (undefined, functions, symbols, class instances such as Date or Map) and for cycles.
 */
export function pythonJsonDumps(value: PythonJsonValue, options: PythonJsonDumpsOptions = {}): string {
  return encode(value, options.sortKeys === true, new Set());
}

function encode(value: unknown, sortKeys: boolean, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonNumberRepr(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return pythonStringLiteral(value);
    case 'object':
      return encodeContainer(value, sortKeys, ancestors);
    default:
      throw hotkeyErrors.error('JSON_VALUE_UNSUPPORTED', `a value of type ${typeof value}`);
  }
}

function encodeContainer(value: object, sortKeys: boolean, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw hotkeyErrors.error('JSON_VALUE_UNSUPPORTED', 'circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => encode(item, sortKeys, ancestors)).join(', ')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw hotkeyErrors.error('JSON_VALUE_UNSUPPORTED', `an instance of ${value.constructor?.name ?? 'a class'}`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (sortKeys) keys.sort(compareCodePoints);
    const members = keys.map((key) => `${pythonStringLiteral(key)}: ${encode(record[key], sortKeys, ancestors)}`);
    return `{${members.join(', ')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Orders strings as Python compares `str`: by Unicode code point. JavaScript's default sort compares
 * UTF-16 code units, which puts astral characters (surrogates, 0xD800-0xDFFF) before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // both strings hold the same surrogate pair here
  }
  return a.length - b.length;
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

/**
 * A string as Python's `ensure_ascii` encoder writes it: printable ASCII (space to `~`) as is, the
 * short escapes above, every other UTF-16 code unit as `\uxxxx` in lowercase hex. Astral characters
 * thus become their surrogate pair, and lone surrogates are kept, exactly as Python does.
 */
export function pythonStringLiteral(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const short = SHORT_ESCAPES[unit];
    if (short !== undefined) out += short;
    else if (unit >= 0x20 && unit <= 0x7e) out += text[i];
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** A number as Python prints it: integral values as ints, others as `float.__repr__`. */
export function pythonNumberRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Number.isInteger(value)) return BigInt(value).toString();
  return pythonFloatRepr(value);
}

/**
 * Python's `repr(float)` for a finite, non-integral number. Both languages print the shortest digit
 * string that reads back to the same double; they differ only in layout: Python uses positional
 * notation when the decimal exponent is in [-4, 16) and otherwise `d.ddde-XX` with at least two
 * exponent digits. (Non-integral doubles are below 2^52, so the `e+XX` form never arises here.)
 */
function pythonFloatRepr(value: number): string {
  const sign = value < 0 ? '-' : '';
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const exponentSign = exponent < 0 ? '-' : '+';
  return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
