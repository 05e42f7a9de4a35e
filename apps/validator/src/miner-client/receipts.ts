/**
 * The three receipts of a job, built and signed by the validator (reference §1.3, §1.4): signed
 * over `json.dumps(payload, sort_keys=True)` and stored before they are sent.
 */
import { receiptSigningBlob, sign } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import type { JobAcceptedReceiptPayload, JobFinishedReceiptPayload, JobStartedReceiptPayload } from '@horde/protocol';
import type { ReceiptsRepo } from '../db/receipts';

export interface Signed<P> {
  readonly payload: P;
  readonly signature: string;
}

interface Parties {
  readonly jobUuid: string;
  readonly minerHotkey: string;
}

export class ReceiptSigner {
  constructor(
    private readonly key: Hotkey,
    private readonly repo: ReceiptsRepo,
  ) {}

  async started(parties: Parties, executorClass: string, ttl: number): Promise<Signed<JobStartedReceiptPayload>> {
    const payload: JobStartedReceiptPayload = { ...this.base(parties), receipt_type: 'JobStartedReceipt', executor_class: executorClass, is_organic: true, ttl };
    const signature = sign(this.key, receiptSigningBlob(payload, 'JobStartedReceipt'));
    await this.repo.saveStarted(payload, signature);
    return { payload, signature };
  }

  async accepted(parties: Parties, ttl: number): Promise<Signed<JobAcceptedReceiptPayload>> {
    const base = this.base(parties);
    const payload: JobAcceptedReceiptPayload = { ...base, receipt_type: 'JobAcceptedReceipt', time_accepted: base.timestamp, ttl };
    const signature = sign(this.key, receiptSigningBlob(payload, 'JobAcceptedReceipt'));
    await this.repo.saveAccepted(payload, signature);
    return { payload, signature };
  }

  /** `scoreStr` is "%.6f"; a failed job pays "0.000000". No allowance blocks yet (a later issue). */
  async finished(parties: Parties, timeStarted: Date, scoreStr: string): Promise<Signed<JobFinishedReceiptPayload>> {
    const base = this.base(parties);
    const payload: JobFinishedReceiptPayload = {
      ...base,
      receipt_type: 'JobFinishedReceipt',
      time_started: timeStarted.toISOString(),
      time_took_us: Math.max(0, Date.now() - timeStarted.getTime()) * 1000,
      score_str: scoreStr,
      block_numbers: [],
    };
    const signature = sign(this.key, receiptSigningBlob(payload, 'JobFinishedReceipt'));
    await this.repo.saveFinished(payload, signature);
    return { payload, signature };
  }

  private base(parties: Parties) {
    return { job_uuid: parties.jobUuid, miner_hotkey: parties.minerHotkey, validator_hotkey: this.key.address, timestamp: new Date().toISOString() };
  }
}
