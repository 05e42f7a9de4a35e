import { describe, expect, it } from 'vitest';
import { receiptSigningBlob, streamingReadyBlob, validatorAuthBlob } from './blobs';
import { hotkeyErrors } from './errors';
import vectors from './fixtures/python-vectors.json';
import { pydanticDatetime } from './pydantic-datetime';
import { pythonJsonDumps } from './python-json';
import type { PythonJsonValue } from './python-json';
import type { ReceiptPayloadInput, ReceiptType } from './receipt-payload';

// Expected values come from scripts/vectors.py run with real pydantic (see python-crosscheck.test.ts).

describe('receipt signing blobs equal pydantic + json.dumps byte for byte', () => {
  it('covers the three receipt types, microseconds and non-ASCII text', () => {
    const types = new Set(vectors.receipts.map((v) => (JSON.parse(v.wire) as { receipt_type?: string }).receipt_type));
    expect(types).toEqual(new Set(['JobStartedReceipt', 'JobAcceptedReceipt', 'JobFinishedReceipt', undefined]));
    expect(vectors.receipts.some((v) => /\.\d{6}/.test(v.wire))).toBe(true);
    expect(vectors.receipts.some((v) => [...v.wire].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
  });

  it.each(vectors.receipts.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const payload = JSON.parse(vector.wire) as ReceiptPayloadInput;
    const blob = receiptSigningBlob(payload, (vector.type ?? undefined) as ReceiptType | undefined);
    expect(Buffer.from(blob, 'utf8').equals(Buffer.from(vector.blob, 'utf8'))).toBe(true);
    expect(blob).toBe(vector.blob);
  });
});

describe('pydanticDatetime agrees with pydantic', () => {
  const accepted = vectors.datetimes.filter((v) => v.output !== null);
  const refused = vectors.datetimes.filter((v) => v.output === null);

  it('has both accepted and refused inputs', () => {
    expect(accepted.length).toBeGreaterThan(30);
    expect(refused.length).toBeGreaterThan(30);
  });

  it.each(accepted.map((v) => [v.input, v.output] as const))('%j -> %j', (input, output) => {
    expect(pydanticDatetime(input)).toBe(output);
  });

  it.each(refused.map((v) => [v.input] as const))('refuses %j', (input) => {
    expect(() => pydanticDatetime(input)).toThrow(expect.objectContaining({ code: 'DATETIME_INVALID' }));
  });

  it('refuses unix-timestamp strings, which pydantic accepts (documented gap)', () => {
    for (const { input, output } of vectors.unixTimestampStrings) {
      expect(output).not.toBeNull();
      let error: unknown;
      try {
        pydanticDatetime(input);
      } catch (err) {
        error = err;
      }
      expect(hotkeyErrors.is(error, 'DATETIME_INVALID')).toBe(true);
    }
  });
});

describe('string blobs equal the Python f-strings', () => {
  it.each(vectors.validatorAuth.map((v) => [v.blob, v] as const))('auth %s', (_blob, v) => {
    expect(validatorAuthBlob(v.validator_hotkey, v.miner_hotkey, v.timestamp)).toBe(v.blob);
  });

  it.each(vectors.streamingReady.map((v) => [v.blob, v] as const))('streaming %j', (_blob, v) => {
    expect(streamingReadyBlob(v.job_uuid, v.ip, v.port, v.public_key)).toBe(v.blob);
  });
});

describe('pythonJsonDumps equals json.dumps on fixed values', () => {
  it.each(vectors.json.map((v) => [v.json, v] as const))('%s', (_json, v) => {
    const value = JSON.parse(v.json) as PythonJsonValue;
    expect(pythonJsonDumps(value, { sortKeys: true })).toBe(v.sorted);
    if (v.jsReordersKeys) expect(pythonJsonDumps(value)).not.toBe(v.dumps);
    else expect(pythonJsonDumps(value)).toBe(v.dumps);
  });
});
