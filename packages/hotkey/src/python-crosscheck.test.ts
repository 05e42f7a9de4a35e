import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pydanticDatetime } from './pydantic-datetime';
import { pythonJsonDumps } from './python-json';
import type { PythonJsonValue } from './python-json';

/*
 * Cross-checks against the real thing: python3 (with pydantic v2) runs once per batch. These tests
 * FAIL, never skip, when python3 or pydantic is missing: they are the proof of wire compatibility.
 */

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

function runPython(args: string[], input = ''): string {
  const result = spawnSync('python3', args, { input, encoding: 'utf8', cwd: PACKAGE_DIR, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`python3 is required for the cross-check tests and could not be run: ${result.error.message}`);
  }
  if (result.status !== 0) throw new Error(`python3 exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** A string unit biased to what breaks encoders: escapes, controls, BMP edges, astral, lone surrogates. */
const tricky = fc.oneof(
  fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u0080', '\u2028', '\ue000', '\uffff', 'é', '日', '😀', '\ud800', '\udfff'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
);

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
  fc.integer(),
  fc.maxSafeInteger(),
);

const { value: jsonValue } = fc.letrec<{ value: PythonJsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    number,
    fc.string({ unit: tricky, maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: tricky, maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
}));

const JSON_SCRIPT = `
import json, sys
def integral_floats_as_ints(text):
    value = float(text)
    return int(value) if value.is_integer() else value
values = json.loads(sys.stdin.read(), parse_float=integral_floats_as_ints)
print(json.dumps([[json.dumps(v), json.dumps(v, sort_keys=True)] for v in values]))
`;

const DATETIME_SCRIPT = `
import datetime, json, sys
import pydantic
class M(pydantic.BaseModel):
    t: datetime.datetime
out = []
for text in json.loads(sys.stdin.read()):
    try:
        out.append(M(t=text).model_dump(mode="json")["t"])
    except pydantic.ValidationError:
        out.append(None)
print(json.dumps(out))
`;

const twoDigits = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

/** ISO-8601-shaped strings, mostly valid, with every part sometimes out of range or malformed. */
const isoLike = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')), fc.constantFrom('0000', '0001', '9999', '1900', '2000', '2024', '99')),
    twoDigits(0, 13),
    twoDigits(0, 32),
    fc.constantFrom('T', 't', ' ', '_', 'X', ''),
    twoDigits(0, 25),
    twoDigits(0, 61),
    fc.option(twoDigits(0, 61)),
    fc.option(fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{0,9}$/))),
    fc.oneof(
      fc.constantFrom('', 'Z', 'z', 'Zz', '+', 'UTC', ' '),
      fc.tuple(fc.constantFrom('+', '-', '\u2212'), twoDigits(0, 25), fc.constantFrom(':', ''), twoDigits(0, 61)).map((p) => p.join('')),
    ),
    fc.boolean(),
  )
  .map(([year, month, day, sep, hour, minute, second, fraction, tz, dateOnly]) => {
    if (dateOnly) return `${year}-${month}-${day}`;
    const seconds = second === null ? '' : `:${second}${fraction === null ? '' : fraction.join('')}`;
    return `${year}-${month}-${day}${sep}${hour}:${minute}${seconds}${tz}`;
  });

function ours(input: string): string | null {
  try {
    return pydanticDatetime(input);
  } catch {
    return null;
  }
}

describe('cross-check with real Python', () => {
  it('the committed fixture is what scripts/vectors.py prints (whatever the pydantic 2.x version)', () => {
    const withoutVersion = (text: string) => ({ ...(JSON.parse(text) as object), pydantic: undefined });
    const fixture = readFileSync(new URL('./fixtures/python-vectors.json', import.meta.url), 'utf8');
    expect(withoutVersion(runPython(['scripts/vectors.py']))).toEqual(withoutVersion(fixture));
  });

  it('pythonJsonDumps equals json.dumps for 250 generated values', () => {
    const values = fc.sample(jsonValue, { numRuns: 250, seed: 12 });
    const expected = JSON.parse(runPython(['-c', JSON_SCRIPT], JSON.stringify(values))) as [string, string][];
    expect(expected).toHaveLength(values.length);
    values.forEach((value, i) => {
      const [plain, sorted] = expected[i] as [string, string];
      expect(pythonJsonDumps(value, { sortKeys: true }), `value #${i}`).toBe(sorted);
      expect(pythonJsonDumps(value), `value #${i}`).toBe(plain);
    });
  });

  it('pydanticDatetime equals pydantic for 400 generated ISO-like strings', () => {
    const inputs = fc.sample(isoLike, { numRuns: 400, seed: 34 });
    const expected = JSON.parse(runPython(['-c', DATETIME_SCRIPT], JSON.stringify(inputs))) as (string | null)[];
    expect(expected.filter((e) => e !== null).length).toBeGreaterThan(50);
    inputs.forEach((input, i) => {
      expect(ours(input), JSON.stringify(input)).toBe(expected[i]);
    });
  });
});
