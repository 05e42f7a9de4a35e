import { describe, expect, it } from 'vitest';
import { finishedReceiptFields, receiptDate, startedReceiptFields } from './receipt-fields';

describe('receipt fields', () => {
  it('reads a naive Python datetime as UTC, and keeps an explicit offset', () => {
    expect(receiptDate('2026-11-25T10:00:00.123456').toISOString()).toBe('2026-11-25T10:00:00.123Z');
    expect(receiptDate('2026-11-25T10:00:00+02:00').toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(receiptDate('2026-11-25T10:00:00Z').toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('maps each payload to its searchable columns', () => {
    const common = { job_uuid: 'j', miner_hotkey: 'm', validator_hotkey: 'v', timestamp: '2026-11-25T10:00:00' };
    expect(startedReceiptFields({ ...common, receipt_type: 'JobStartedReceipt', executor_class: 'always_on.test', is_organic: true, ttl: 30 } as never)).toEqual({
      jobUuid: 'j',
      minerHotkey: 'm',
      validatorHotkey: 'v',
      timestamp: new Date('2026-11-25T10:00:00Z'),
      executorClass: 'always_on.test',
      isOrganic: true,
      ttl: 30,
    });
    const finished = finishedReceiptFields({ ...common, receipt_type: 'JobFinishedReceipt', time_started: '2026-11-25T09:59:58', time_took_us: 2_000_000, score_str: '1.0', block_numbers: [7] } as never);
    expect(finished).toMatchObject({ timeStarted: new Date('2026-11-25T09:59:58Z'), timeTookUs: 2_000_000, scoreStr: '1.0', blockNumbers: [7] });
  });
});
