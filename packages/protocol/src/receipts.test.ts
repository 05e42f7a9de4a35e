import { describe, expect, it } from 'vitest';
import { IsoDateTime, JobFinishedReceiptPayload, ReceiptPayload } from './index';
import { finishedPayload, startedPayload } from './test-support/samples';

describe('IsoDateTime', () => {
  it.each([
    '2026-01-21T10:15:30',
    '2026-01-21T10:15:30Z',
    '2026-01-21T10:15:30.1Z',
    '2026-01-21T10:15:30.123456Z',
    '2026-01-21T10:15:30.123456789+00:00',
    '2026-01-21T10:15:30.5-05:30',
    '2026-01-21T23:59:59+14:00',
  ])('accepts %s and keeps it verbatim', (value) => {
    expect(IsoDateTime.parse(value)).toBe(value);
  });

  it.each(['', '2026-01-21', '2026-01-21 10:15:30', '2026-13-01T00:00:00Z', '2026-01-21T24:00:00Z', '2026-01-21T10:15:30.Z', '2026-01-21T10:15:30+0530', 1768990530])(
    'refuses %s',
    (value) => {
      expect(IsoDateTime.safeParse(value).success).toBe(false);
    },
  );
});

describe('receipt payloads', () => {
  it('are told apart by receipt_type', () => {
    expect(ReceiptPayload.parse(startedPayload).receipt_type).toBe('JobStartedReceipt');
    expect(ReceiptPayload.parse(finishedPayload).receipt_type).toBe('JobFinishedReceipt');
    expect(ReceiptPayload.safeParse({ ...startedPayload, receipt_type: undefined }).success).toBe(false);
  });

  it('default receipt_type when the payload stands alone, and block_numbers for pre-allowance peers', () => {
    const { receipt_type: _type, block_numbers: _blocks, ...old } = finishedPayload;
    expect(JobFinishedReceiptPayload.parse(old)).toEqual({ ...old, receipt_type: 'JobFinishedReceipt', block_numbers: [] });
  });
});
