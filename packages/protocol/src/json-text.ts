/**
 * JSON text <-> values without losing big integers.
 *
 * Python writes integers of any size; JavaScript numbers are exact only up to 2^53. The one such
 * field on our channels is `Signature.timestamp_ns` (nanoseconds since 1970, ~1.7e18), and it is
 * hashed into the signature, so rounding it would break verification. Integers outside the safe
 * range are therefore read as `bigint` and `bigint`s are written as plain integer literals.
 */
import { randomUUID } from 'node:crypto';

/** A run of 16+ digits is the only way to write an integer beyond 2^53 - 1 (16 digits). */
const LONG_DIGITS = /\d{16}/;
/** A JSON number token, matched at a given position. */
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_INTEGER = /^-?\d+$/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Like `JSON.parse`, but integers beyond the safe range become `bigint`. Throws `SyntaxError`. */
export function parseJsonText(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  // Each unsafe integer becomes a string carrying a per-call random marker, which the reviver
  // turns back into a bigint. A number and a string are valid in exactly the same places.
  const marker = `\u0000bigint:${randomUUID()}:`;
  const rewritten = quoteUnsafeIntegers(text, marker);
  if (rewritten === undefined) return JSON.parse(text);
  return JSON.parse(rewritten, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value,
  );
}

/** Like `JSON.stringify` for JSON values, but writes `bigint`s as integer literals. */
export function stringifyJson(value: unknown): string {
  let marker: string | undefined;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'bigint') return item;
    marker ??= `bigint:${randomUUID()}:`;
    return marker + item.toString();
  });
  if (marker === undefined) return text;
  return text.replaceAll(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}

/**
 * `text` with every integer token outside the safe range replaced by a quoted `marker + digits`,
 * or `undefined` when there is none. Linear: string literals are skipped with `indexOf` (a regex
 * over a multi-megabyte string literal would exhaust V8's backtracking stack).
 */
function quoteUnsafeIntegers(text: string, marker: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i + 1);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0];
      if (token === undefined) {
        i += 1;
        continue;
      }
      if (PLAIN_INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
        parts.push(text.slice(copied, i), JSON.stringify(marker + token));
        copied = i + token.length;
      }
      i += token.length;
    } else {
      i += 1;
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Index just past the quote closing a string literal whose contents start at `from`. */
function endOfString(text: string, from: number): number {
  let search = from;
  for (;;) {
    const quote = text.indexOf('"', search);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && text.charCodeAt(quote - backslashes - 1) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    search = quote + 1;
  }
}
