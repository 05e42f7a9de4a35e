/**
 * Job receipts (reference: `compute_horde/receipts/schemas.py`): payloads signed by the validator
 * and countersigned by the miner, discriminated by `receipt_type`.
 *
 * Datetimes stay ISO-8601 strings exactly as received: a JS Date would drop microseconds, and the
 * signed blob is built from these values (the hotkey package normalises them for signing).
 */
import { z } from 'zod';
import { ExecutorClass } from './executor-classes';

/**
 * An ISO-8601 datetime as Python writes it: `YYYY-MM-DDTHH:MM:SS`, optional fraction of any
 * length, optional `Z` or `±HH:MM` (naive datetimes have no offset).
 */
export const IsoDateTime = z.iso.datetime({ offset: true, local: true });

const receiptBase = {
  job_uuid: z.string(),
  miner_hotkey: z.string(),
  validator_hotkey: z.string(),
  /** When the receipt was generated. */
  timestamp: IsoDateTime,
};

/** The validator reserved an executor: valid from `timestamp` for `ttl` seconds. */
export const JobStartedReceiptPayload = z.object({
  ...receiptBase,
  receipt_type: z.literal('JobStartedReceipt').default('JobStartedReceipt'),
  executor_class: ExecutorClass,
  is_organic: z.boolean(),
  ttl: z.number().int(),
});
export type JobStartedReceiptPayload = z.infer<typeof JobStartedReceiptPayload>;

/** The miner accepted the job (`ttl` is documented as unused). */
export const JobAcceptedReceiptPayload = z.object({
  ...receiptBase,
  receipt_type: z.literal('JobAcceptedReceipt').default('JobAcceptedReceipt'),
  time_accepted: IsoDateTime,
  ttl: z.number().int(),
});
export type JobAcceptedReceiptPayload = z.infer<typeof JobAcceptedReceiptPayload>;

/**
 * The job ended. `score_str` is the paid value as a `"%.6f"` string, `block_numbers` the allowance
 * blocks used to pay (absent in receipts of peers older than allowances, hence the default).
 */
export const JobFinishedReceiptPayload = z.object({
  ...receiptBase,
  receipt_type: z.literal('JobFinishedReceipt').default('JobFinishedReceipt'),
  time_started: IsoDateTime,
  time_took_us: z.number().int(),
  score_str: z.string(),
  block_numbers: z.array(z.number().int()).default([]),
});
export type JobFinishedReceiptPayload = z.infer<typeof JobFinishedReceiptPayload>;

export const ReceiptPayload = z.discriminatedUnion('receipt_type', [
  JobStartedReceiptPayload,
  JobAcceptedReceiptPayload,
  JobFinishedReceiptPayload,
]);
export type ReceiptPayload = z.infer<typeof ReceiptPayload>;
export type ReceiptType = ReceiptPayload['receipt_type'];

/** A receipt with both signatures (`0x`-hex sr25519 over the payload's signing blob). */
export const Receipt = z.object({
  payload: ReceiptPayload,
  validator_signature: z.string(),
  miner_signature: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;
