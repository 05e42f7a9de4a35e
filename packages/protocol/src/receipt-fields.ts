/**
 * The searchable fields of a receipt payload, as both the miner and the validator store them
 * beside the payload itself: who, which job, when (as Dates), and each type's own fields.
 */
import type { JobAcceptedReceiptPayload, JobFinishedReceiptPayload, JobStartedReceiptPayload } from './receipts';

/**
 * A receipt datetime as a Date. Python writes naive datetimes without an offset; the reference's
 * are UTC, so a missing offset means UTC (JavaScript would read it as local time). The exact text,
 * microseconds included, stays in the payload.
 */
export function receiptDate(iso: string): Date {
  return new Date(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}

type AnyReceiptPayload = JobStartedReceiptPayload | JobAcceptedReceiptPayload | JobFinishedReceiptPayload;

/** Fields every receipt type has. */
export function receiptCommonFields(payload: AnyReceiptPayload) {
  return { jobUuid: payload.job_uuid, validatorHotkey: payload.validator_hotkey, minerHotkey: payload.miner_hotkey, timestamp: receiptDate(payload.timestamp) };
}

export function startedReceiptFields(payload: JobStartedReceiptPayload) {
  return { ...receiptCommonFields(payload), executorClass: payload.executor_class, isOrganic: payload.is_organic, ttl: payload.ttl };
}

export function acceptedReceiptFields(payload: JobAcceptedReceiptPayload) {
  return { ...receiptCommonFields(payload), timeAccepted: receiptDate(payload.time_accepted), ttl: payload.ttl };
}

export function finishedReceiptFields(payload: JobFinishedReceiptPayload) {
  return {
    ...receiptCommonFields(payload),
    timeStarted: receiptDate(payload.time_started),
    timeTookUs: payload.time_took_us,
    scoreStr: payload.score_str,
    blockNumbers: payload.block_numbers,
  };
}
