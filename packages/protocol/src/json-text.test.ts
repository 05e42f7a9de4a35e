import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText, stringifyJson } from './index';

describe('parseJsonText / stringifyJson', () => {
  it('read integers beyond 2^53 as exact bigints and write them back as literals', () => {
    const text = '{"a":1768990529987654321,"b":[-99999999999999999999,9007199254740991,1.5e300,1234567890123456.5],"c":"1768990529987654321"}';
    const value = parseJsonText(text);
    expect(value).toEqual({ a: 1768990529987654321n, b: [-99999999999999999999n, 9007199254740991, 1.5e300, 1234567890123456.5], c: '1768990529987654321' });
    expect(stringifyJson(value)).toBe('{"a":1768990529987654321,"b":[-99999999999999999999,9007199254740991,1.5e+300,1234567890123456.5],"c":"1768990529987654321"}');
  });

  it('leave digit runs inside strings alone, even next to escaped quotes', () => {
    const text = String.raw`{"s":"x\"12345678901234567890\\","t":"\u0000bigint:12345678901234567890"}`;
    expect(parseJsonText(text)).toEqual(JSON.parse(text));
  });

  it('handle multi-megabyte strings on the big-integer path', () => {
    const stdout = 'log line 12345678901234567890\\"\n'.repeat(600_000);
    const value = parseJsonText(JSON.stringify({ stdout }).replace('}', ',"ns":1768990529987654321}')) as { stdout: string; ns: bigint };
    expect(value.stdout).toBe(stdout);
    expect(value.ns).toBe(1768990529987654321n);
  });

  it('throw SyntaxError on invalid JSON, on both paths', () => {
    expect(() => parseJsonText('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonText('{"a":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseJsonText('12345678901234567890 12')).toThrow(SyntaxError);
  });

  it('agree with JSON.parse whenever no integer is out of range', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const unsafe = /(?<![\d.eE])\d{16,}(?![\d.eE])/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
        fc.pre(!unsafe);
        expect(parseJsonText(text)).toEqual(JSON.parse(text));
        expect(stringifyJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
