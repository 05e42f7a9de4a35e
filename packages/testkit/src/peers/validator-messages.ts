/**
 * Signed validator → miner messages, built exactly as a reference validator builds them: the auth
 * blob `"{validator}:{miner}:{timestamp}"` and receipt payloads signed over their Python
 * `json.dumps(..., sort_keys=True)` blob.
 */
import { randomUUID } from 'node:crypto';
import { receiptSigningBlob, sign, validatorAuthBlob } from '@horde/hotkey';
import type {
  ExecutorTimingDetails,
  JobAcceptedReceiptPayload,
  JobFinishedReceiptPayload,
  JobStartedReceiptPayload,
  OutputUpload,
  StreamingDetails,
  V0InitialJobRequest,
  V0JobAcceptedReceiptRequest,
  V0JobFinishedReceiptRequest,
  V0JobRequest,
  ValidatorAuthForMiner,
  Volume,
} from '@horde/protocol';

/** A validator's key: a hotkey from @horde/hotkey or a polkadot keypair (whatever `sign` takes). */
export type ValidatorKey = Parameters<typeof sign>[0];

export interface AuthOptions {
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** The miner hotkey put in the message (the real one by default). */
  minerHotkey?: string;
  /** The validator hotkey put in the message (the signer's by default). */
  validatorHotkey?: string;
  /** Sign with this key instead of the validator's (a forged signature). */
  signer?: ValidatorKey;
}

export function buildAuth(validator: ValidatorKey, minerHotkey: string, options: AuthOptions = {}): ValidatorAuthForMiner {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const validatorHotkey = options.validatorHotkey ?? validator.address;
  const miner = options.minerHotkey ?? minerHotkey;
  return {
    message_type: 'ValidatorAuthForMiner',
    validator_hotkey: validatorHotkey,
    miner_hotkey: miner,
    timestamp,
    signature: sign(options.signer ?? validator, validatorAuthBlob(validatorHotkey, miner, timestamp)),
  };
}

export interface InitialJobOptions {
  jobUuid?: string;
  executorClass?: string;
  /** Started-receipt ttl in seconds (the validator's reservation time; 60 by default). */
  ttl?: number;
  isOrganic?: boolean;
  /** Receipt timestamp (ISO); now by default. */
  timestamp?: string;
  dockerImage?: string | null;
  volume?: Volume | null;
  executorTiming?: ExecutorTimingDetails | null;
  streamingDetails?: StreamingDetails | null;
  /** Fields written over the started receipt payload after it is built (e.g. another miner_hotkey). */
  payloadOverrides?: Partial<JobStartedReceiptPayload>;
  /** Sign the receipt with this key instead of the validator's. */
  signer?: ValidatorKey;
}

export const DEFAULT_EXECUTOR_TIMING: ExecutorTimingDetails = {
  allowed_leeway: 5,
  download_time_limit: 30,
  execution_time_limit: 60,
  upload_time_limit: 30,
  streaming_start_time_limit: 30,
};

export function buildInitialJob(validator: ValidatorKey, minerHotkey: string, options: InitialJobOptions = {}): V0InitialJobRequest {
  const jobUuid = options.jobUuid ?? randomUUID();
  const executorClass = options.executorClass ?? 'always_on.test';
  const payload: JobStartedReceiptPayload = {
    job_uuid: jobUuid,
    miner_hotkey: minerHotkey,
    validator_hotkey: validator.address,
    timestamp: options.timestamp ?? new Date().toISOString(),
    receipt_type: 'JobStartedReceipt',
    executor_class: executorClass,
    is_organic: options.isOrganic ?? true,
    ttl: options.ttl ?? 60,
    ...options.payloadOverrides,
  };
  return {
    message_type: 'V0InitialJobRequest',
    job_uuid: jobUuid,
    executor_class: executorClass,
    docker_image: options.dockerImage ?? null,
    timeout_seconds: null,
    volume: options.volume ?? null,
    job_started_receipt_payload: payload,
    job_started_receipt_signature: sign(options.signer ?? validator, receiptSigningBlob(payload, 'JobStartedReceipt')),
    streaming_details: options.streamingDetails ?? null,
    executor_timing: options.executorTiming === undefined ? DEFAULT_EXECUTOR_TIMING : options.executorTiming,
  };
}

export interface JobRequestOptions {
  jobUuid: string;
  executorClass?: string;
  dockerImage?: string;
  cmd?: string[];
  env?: Record<string, string>;
  rawScript?: string | null;
  outputUpload?: OutputUpload | null;
  artifactsDir?: string | null;
  gpu?: boolean;
}

export function buildJobRequest(options: JobRequestOptions): V0JobRequest {
  return {
    message_type: 'V0JobRequest',
    job_uuid: options.jobUuid,
    executor_class: options.executorClass ?? 'always_on.test',
    docker_image: options.dockerImage ?? 'horde-test/busybox:latest',
    raw_script: options.rawScript ?? null,
    docker_run_options_preset: options.gpu ? 'nvidia_all' : 'none',
    docker_run_cmd: options.cmd ?? ['echo', 'hello'],
    env: options.env ?? {},
    volume: null,
    output_upload: options.outputUpload ?? null,
    artifacts_dir: options.artifactsDir ?? null,
  };
}

export interface AcceptedReceiptOptions {
  jobUuid: string;
  timeAccepted?: string;
  ttl?: number;
  signer?: ValidatorKey;
}

export function buildAcceptedReceipt(validator: ValidatorKey, minerHotkey: string, options: AcceptedReceiptOptions): V0JobAcceptedReceiptRequest {
  const now = new Date().toISOString();
  const payload: JobAcceptedReceiptPayload = {
    job_uuid: options.jobUuid,
    miner_hotkey: minerHotkey,
    validator_hotkey: validator.address,
    timestamp: now,
    receipt_type: 'JobAcceptedReceipt',
    time_accepted: options.timeAccepted ?? now,
    ttl: options.ttl ?? 300,
  };
  return { message_type: 'V0JobAcceptedReceiptRequest', payload, signature: sign(options.signer ?? validator, receiptSigningBlob(payload, 'JobAcceptedReceipt')) };
}

export interface FinishedReceiptOptions {
  jobUuid: string;
  timeStarted?: string;
  timeTookUs?: number;
  /** `"%.6f"` of the paid value; `"0.000000"` after a failure. */
  scoreStr?: string;
  blockNumbers?: number[];
  signer?: ValidatorKey;
}

export function buildFinishedReceipt(validator: ValidatorKey, minerHotkey: string, options: FinishedReceiptOptions): V0JobFinishedReceiptRequest {
  const now = new Date().toISOString();
  const payload: JobFinishedReceiptPayload = {
    job_uuid: options.jobUuid,
    miner_hotkey: minerHotkey,
    validator_hotkey: validator.address,
    timestamp: now,
    receipt_type: 'JobFinishedReceipt',
    time_started: options.timeStarted ?? now,
    time_took_us: options.timeTookUs ?? 0,
    score_str: options.scoreStr ?? '0.000000',
    block_numbers: options.blockNumbers ?? [],
  };
  return { message_type: 'V0JobFinishedReceiptRequest', payload, signature: sign(options.signer ?? validator, receiptSigningBlob(payload, 'JobFinishedReceipt')) };
}
