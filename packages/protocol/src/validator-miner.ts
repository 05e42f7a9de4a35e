/**
 * The validator ↔ miner channel (`/v0.1/validator_interface/<validator_hotkey>`): the messages only
 * this channel carries, and one discriminated union per direction.
 */
import { z } from 'zod';
import { GenericError } from './common-messages';
import { ExecutorClass } from './executor-classes';
import { V0DeclineJobRequest } from './job-failures';
import { V0InitialJobRequest, V0JobRequest } from './job-requests';
import { EXECUTOR_REPORTS } from './miner-executor';
import { JobAcceptedReceiptPayload, JobFinishedReceiptPayload } from './receipts';

/**
 * The validator's first frame. `signature` is `0x`-hex sr25519 over
 * `"{validator_hotkey}:{miner_hotkey}:{timestamp}"`; `timestamp` is unix seconds.
 */
export const ValidatorAuthForMiner = z.object({
  message_type: z.literal('ValidatorAuthForMiner'),
  validator_hotkey: z.string(),
  miner_hotkey: z.string(),
  timestamp: z.number().int(),
  signature: z.string(),
});
export type ValidatorAuthForMiner = z.infer<typeof ValidatorAuthForMiner>;

export const UnauthorizedErrorCode = z.enum(['TOKEN_TOO_OLD', 'UNKNOWN_VALIDATOR', 'VALIDATOR_INACTIVE']);
export type UnauthorizedErrorCode = z.infer<typeof UnauthorizedErrorCode>;

/** Defined by the reference and understood by its validator, though its miner sends `GenericError`. */
export const UnauthorizedError = z.object({
  message_type: z.literal('UnauthorizedError'),
  code: UnauthorizedErrorCode,
  details: z.string().nullish(),
});
export type UnauthorizedError = z.infer<typeof UnauthorizedError>;

/** Executors per class, sent by the miner right after auth. */
export const V0ExecutorManifestRequest = z.object({
  message_type: z.literal('V0ExecutorManifestRequest'),
  manifest: z.record(ExecutorClass, z.number().int().nonnegative()),
});
export type V0ExecutorManifestRequest = z.infer<typeof V0ExecutorManifestRequest>;

/** Sent with `main_hotkey: null` by the validator as a query; the miner answers with its main hotkey. */
export const V0MainHotkeyMessage = z.object({
  message_type: z.literal('V0MainHotkeyMessage'),
  main_hotkey: z.string().nullish(),
});
export type V0MainHotkeyMessage = z.infer<typeof V0MainHotkeyMessage>;

/** An executor was reserved (sent before it finished booting). */
export const V0AcceptJobRequest = z.object({
  message_type: z.literal('V0AcceptJobRequest'),
  job_uuid: z.string(),
});
export type V0AcceptJobRequest = z.infer<typeof V0AcceptJobRequest>;

/** The validator-signed accepted receipt, for the miner to store. */
export const V0JobAcceptedReceiptRequest = z.object({
  message_type: z.literal('V0JobAcceptedReceiptRequest'),
  payload: JobAcceptedReceiptPayload,
  signature: z.string(),
});
export type V0JobAcceptedReceiptRequest = z.infer<typeof V0JobAcceptedReceiptRequest>;

/** The validator-signed finished receipt; sent after a failure too (score 0, no blocks). */
export const V0JobFinishedReceiptRequest = z.object({
  message_type: z.literal('V0JobFinishedReceiptRequest'),
  payload: JobFinishedReceiptPayload,
  signature: z.string(),
});
export type V0JobFinishedReceiptRequest = z.infer<typeof V0JobFinishedReceiptRequest>;

export const ValidatorToMinerMessage = z.discriminatedUnion('message_type', [
  GenericError,
  ValidatorAuthForMiner,
  V0InitialJobRequest,
  V0JobRequest,
  V0JobAcceptedReceiptRequest,
  V0JobFinishedReceiptRequest,
  V0MainHotkeyMessage,
]);
export type ValidatorToMinerMessage = z.infer<typeof ValidatorToMinerMessage>;

export const MinerToValidatorMessage = z.discriminatedUnion('message_type', [
  GenericError,
  UnauthorizedError,
  V0ExecutorManifestRequest,
  V0MainHotkeyMessage,
  V0AcceptJobRequest,
  V0DeclineJobRequest,
  ...EXECUTOR_REPORTS,
]);
export type MinerToValidatorMessage = z.infer<typeof MinerToValidatorMessage>;
