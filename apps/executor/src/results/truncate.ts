/** The reference's cap on stdout / stderr copied into result messages, in characters. */
export const OUTPUT_MAX_CHARS = 1_000_000;
const HALF = OUTPUT_MAX_CHARS / 2;
const JOINER = ' ... ';

/**
 * Truncates a job's stdout or stderr for a result message exactly as the reference does: longer
 * than 1,000,000 characters ⇒ the first 500,000 + `" ... "` + the last 500,000. Characters are
 * Unicode code points, as Python counts them (a surrogate pair is never split).
 */
export function truncateOutput(text: string): string {
  if (text.length <= OUTPUT_MAX_CHARS) return text; // code points ≤ UTF-16 units
  const head = indexAfterCodePoints(text, HALF);
  const tail = indexBeforeLastCodePoints(text, HALF);
  if (head >= tail) return text; // at most 1,000,000 code points after all
  return text.slice(0, head) + JOINER + text.slice(tail);
}

/** UTF-16 index just after the first `count` code points. */
function indexAfterCodePoints(text: string, count: number): number {
  let index = 0;
  for (let seen = 0; seen < count && index < text.length; seen++) index += isHighSurrogateAt(text, index) ? 2 : 1;
  return index;
}

/** UTF-16 index where the last `count` code points start. */
function indexBeforeLastCodePoints(text: string, count: number): number {
  let index = text.length;
  for (let seen = 0; seen < count && index > 0; seen++) index -= isLowSurrogateAfterHigh(text, index - 1) ? 2 : 1;
  return index;
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

function isLowSurrogateAfterHigh(text: string, i: number): boolean {
  return i > 0 && isHighSurrogateAt(text, i - 1);
}
