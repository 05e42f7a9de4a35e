import { describe, expect, it } from 'vitest';
import { facilitatorAuthBlob, receiptSigningBlob, streamingReadyBlob, validatorAuthBlob } from './blobs';
import { receiptPayloadDump } from './receipt-payload';
import type { ReceiptPayloadInput } from './receipt-payload';

const started = {
  job_uuid: 'j',
  miner_hotkey: 'm',
  validator_hotkey: 'v',
  timestamp: '2025-03-04T05:06:07.123456+00:00',
  receipt_type: 'JobStartedReceipt',
  executor_class: 'always_on.gpu-24gb',
  is_organic: true,
  ttl: 5,
};

const invalid = expect.objectContaining({ code: 'RECEIPT_PAYLOAD_INVALID' });

describe('receiptSigningBlob', () => {
  it('sorts keys, normalises datetimes and drops unknown fields', () => {
    expect(receiptSigningBlob({ ...started, zzz: 'dropped' })).toBe(
      '{"executor_class": "always_on.gpu-24gb", "is_organic": true, "job_uuid": "j", "miner_hotkey": "m", "receipt_type": "JobStartedReceipt", "timestamp": "2025-03-04T05:06:07.123456Z", "ttl": 5, "validator_hotkey": "v"}',
    );
  });

  it('takes a Date for datetime fields (UTC, milliseconds padded to microseconds)', () => {
    const dump = receiptPayloadDump({ ...started, timestamp: new Date(Date.UTC(2025, 2, 4, 5, 6, 7, 120)) });
    expect(dump['timestamp']).toBe('2025-03-04T05:06:07.120000Z');
  });

  it('fills receipt_type from the model used, and checks it against the payload', () => {
    const { receipt_type: _omitted, ...bare } = started;
    expect(receiptPayloadDump(bare, 'JobStartedReceipt')['receipt_type']).toBe('JobStartedReceipt');
    expect(() => receiptPayloadDump(bare)).toThrow(invalid);
    expect(() => receiptPayloadDump(started, 'JobFinishedReceipt')).toThrow(invalid);
    expect(() => receiptPayloadDump({ ...started, receipt_type: 'JobLostReceipt' })).toThrow(invalid);
  });

  it('refuses missing fields and values pydantic would refuse or coerce', () => {
    const { ttl: _ttl, ...noTtl } = started;
    const bad: ReceiptPayloadInput[] = [
      noTtl,
      { ...started, ttl: '5' },
      { ...started, ttl: 1.5 },
      { ...started, ttl: 2 ** 53 },
      { ...started, is_organic: 1 },
      { ...started, job_uuid: 7 },
      { ...started, timestamp: '1700000000' },
      { ...started, timestamp: 1700000000 },
      { receipt_type: 'JobFinishedReceipt', job_uuid: 'j', miner_hotkey: 'm', validator_hotkey: 'v', timestamp: '2025-03-04', time_started: '2025-03-04', time_took_us: 1, score_str: '1', block_numbers: [1, 'x'] },
    ];
    for (const payload of bad) expect(() => receiptPayloadDump(payload), JSON.stringify(payload)).toThrow(invalid);
  });

  it('keeps bigint values exact', () => {
    const finished = { receipt_type: 'JobFinishedReceipt', job_uuid: 'j', miner_hotkey: 'm', validator_hotkey: 'v', timestamp: '2025-03-04', time_started: '2025-03-04T00:00:00Z', time_took_us: 2n ** 63n, score_str: '1.000000', block_numbers: [2n ** 64n] };
    expect(receiptSigningBlob(finished)).toContain('"block_numbers": [18446744073709551616]');
    expect(receiptSigningBlob(finished)).toContain('"time_took_us": 9223372036854775808');
  });
});

describe('string and byte blobs', () => {
  const fieldInvalid = expect.objectContaining({ code: 'BLOB_FIELD_INVALID' });

  it('auth and streaming blobs need integer timestamp and port', () => {
    expect(validatorAuthBlob('v', 'm', 0)).toBe('v:m:0');
    expect(() => validatorAuthBlob('v', 'm', 1.5)).toThrow(fieldInvalid);
    expect(streamingReadyBlob('j', undefined, 1, 'k')).toBe('j:None:1:k');
    expect(() => streamingReadyBlob('j', '1.2.3.4', Number.NaN, 'k')).toThrow(fieldInvalid);
  });

  it('facilitatorAuthBlob decodes 32 bytes of hex, with or without 0x', () => {
    const hex = 'ab'.repeat(32);
    expect(facilitatorAuthBlob(hex)).toEqual(new Uint8Array(32).fill(0xab));
    expect(facilitatorAuthBlob(`0x${hex}`)).toEqual(new Uint8Array(32).fill(0xab));
    for (const bad of ['ab', `${hex}ab`, 'zz'.repeat(32), '']) {
      expect(() => facilitatorAuthBlob(bad)).toThrow(expect.objectContaining({ code: 'PUBLIC_KEY_INVALID' }));
    }
  });
});
