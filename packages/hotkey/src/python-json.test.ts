import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hotkeyErrors } from './errors';
import { compareCodePoints, pythonJsonDumps, pythonNumberRepr } from './python-json';
import type { PythonJsonValue } from './python-json';

const fullUnicode = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('😀', '\ue000', '\uffff', '\ud800', 'a', '"', '\\'),
);
const anyJson = fc.jsonValue({ stringUnit: fullUnicode, maxDepth: 4 }) as fc.Arbitrary<PythonJsonValue>;

/** Independent oracle: compare the arrays of code points. */
function byCodePointArrays(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  }
  return x.length - y.length;
}

describe('pythonJsonDumps properties', () => {
  it('parses back (JSON.parse) to the same value', () => {
    fc.assert(
      fc.property(anyJson, fc.boolean(), (value, sortKeys) => {
        // JSON itself cannot tell -0 from 0; compare with what JSON can carry.
        const canonical: unknown = JSON.parse(JSON.stringify(value));
        expect(JSON.parse(pythonJsonDumps(value, { sortKeys }))).toEqual(canonical);
      }),
      { numRuns: 300 },
    );
  });

  it('is pure printable ASCII (ensure_ascii)', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(pythonJsonDumps(value, { sortKeys: true })).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 300 },
    );
  });

  it('orders keys by Unicode code point', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: fullUnicode, maxLength: 4 }), { maxLength: 8 }), (keys) => {
        const object = Object.fromEntries(keys.map((k) => [k, 0]));
        const sorted = [...keys].sort(byCodePointArrays);
        const expected = `{${sorted.map((k) => `${pythonJsonDumps(k)}: 0`).join(', ')}}`;
        expect(pythonJsonDumps(object, { sortKeys: true })).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('compareCodePoints puts astral characters after U+E000-U+FFFF, unlike the default sort', () => {
    const keys = ['\uffff', '😀', '\ue000', 'z'];
    expect([...keys].sort()).toEqual(['z', '😀', '\ue000', '\uffff']);
    expect([...keys].sort(compareCodePoints)).toEqual(['z', '\ue000', '\uffff', '😀']);
  });
});

describe('pythonJsonDumps details', () => {
  it('uses Python separators and escapes', () => {
    expect(pythonJsonDumps({ b: [1, 'é😀'], a: null }, { sortKeys: true })).toBe('{"a": null, "b": [1, "\\u00e9\\ud83d\\ude00"]}');
    expect(pythonJsonDumps('\u0000\u001f\u007f"\\\n\r\t\b\f/')).toBe('"\\u0000\\u001f\\u007f\\"\\\\\\n\\r\\t\\b\\f/"');
    expect(pythonJsonDumps([[], {}])).toBe('[[], {}]');
  });

  it('prints numbers as Python does', () => {
    expect([NaN, Infinity, -Infinity].map(pythonNumberRepr)).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect([1e-7, 1.5e-7, 1e-5, 0.0001, 0.1, -2.5, 123.456].map(pythonNumberRepr)).toEqual([
      '1e-07', '1.5e-07', '1e-05', '0.0001', '0.1', '-2.5', '123.456',
    ]);
    // Integral values print as ints: 1.0 cannot be told from 1 in JavaScript.
    expect([1, -0, 1e16, 1e21, 2 ** 64].map(pythonNumberRepr)).toEqual(['1', '0', '10000000000000000', '1000000000000000000000', '18446744073709551616']);
    expect(pythonJsonDumps([2n ** 64n, -(10n ** 30n)])).toBe('[18446744073709551616, -1000000000000000000000000000000]');
  });

  it('refuses values Python would never see in parsed JSON, and cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const bad: unknown[] = [undefined, () => 1, Symbol('s'), new Date(0), new Map(), { a: undefined }, cyclic];
    for (const value of bad) {
      let error: unknown;
      try {
        pythonJsonDumps(value as PythonJsonValue);
      } catch (err) {
        error = err;
      }
      expect(hotkeyErrors.is(error, 'JSON_VALUE_UNSUPPORTED')).toBe(true);
    }
  });

  it('accepts a repeated (non-cyclic) reference and null-prototype objects', () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, number>, { k: 2 });
    expect(pythonJsonDumps({ a: shared, b: shared, c: bare }, { sortKeys: true })).toBe('{"a": {"x": 1}, "b": {"x": 1}, "c": {"k": 2}}');
  });
});
