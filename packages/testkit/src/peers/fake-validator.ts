/**
 * A fake validator that speaks the real validator ↔ miner protocol over a real WebSocket: it signs
 * real auth messages and receipts, so it can drive our miner and a reference miner alike.
 */
import type WebSocket from 'ws';
import { MinerToValidatorMessage, ValidatorToMinerMessage } from '@horde/protocol';
import type {
  MinerToValidatorMessage as MinerToValidator,
  V0InitialJobRequest,
  V0JobAcceptedReceiptRequest,
  V0JobFinishedReceiptRequest,
  V0JobRequest,
  ValidatorAuthForMiner,
  ValidatorToMinerMessage as ValidatorToMiner,
} from '@horde/protocol';
import { dial, PeerSocket } from './peer-socket';
import { runJob } from './run-job';
import type { JobRun, JobSpec } from './run-job';
import { buildAcceptedReceipt, buildAuth, buildFinishedReceipt, buildInitialJob, buildJobRequest } from './validator-messages';
import type { AcceptedReceiptOptions, AuthOptions, FinishedReceiptOptions, InitialJobOptions, JobRequestOptions, ValidatorKey } from './validator-messages';

export type MinerMessage = MinerToValidator;
export type MinerMessageType = MinerMessage['message_type'];
export type MinerMessageOf<T extends MinerMessageType> = Extract<MinerMessage, { message_type: T }>;

export interface FakeValidatorOptions {
  /** The miner's base URL, `ws://host:port`. */
  minerUrl: string;
  validator: ValidatorKey;
  minerHotkey: string;
  /** Hotkey in the URL path (the validator's own by default). */
  urlHotkey?: string;
  connectTimeoutMs?: number;
  /** Extra headers of the upgrade request (e.g. X-Horde-Features). */
  headers?: Record<string, string>;
}

/** Dials `<minerUrl>/v0.1/validator_interface/<hotkey>`; resolves once the socket is open. */
export function connectFakeValidator(options: FakeValidatorOptions): Promise<FakeValidator> {
  const url = `${options.minerUrl.replace(/\/$/, '')}/v0.1/validator_interface/${options.urlHotkey ?? options.validator.address}`;
  return new FakeValidator(dial(url, options.headers), options.validator, options.minerHotkey).opened(options.connectTimeoutMs ?? 5000);
}

export class FakeValidator extends PeerSocket<MinerToValidator, ValidatorToMiner> {
  constructor(
    ws: WebSocket,
    readonly validator: ValidatorKey,
    readonly minerHotkey: string,
  ) {
    super(ws, MinerToValidatorMessage, ValidatorToMinerMessage);
  }

  get hotkey(): string {
    return this.validator.address;
  }

  /** Sends a signed ValidatorAuthForMiner (options forge its fields) and returns it. */
  auth(options: AuthOptions = {}): ValidatorAuthForMiner {
    const message = buildAuth(this.validator, this.minerHotkey, options);
    this.send(message);
    return message;
  }

  /** Authenticates and waits for the manifest. */
  async authenticate(timeoutMs = 5000): Promise<MinerMessageOf<'V0ExecutorManifestRequest'>> {
    this.auth();
    return this.next('V0ExecutorManifestRequest', timeoutMs);
  }

  /** Sends a V0InitialJobRequest with a real, signed started receipt; returns it. */
  sendInitialJob(options: InitialJobOptions = {}): V0InitialJobRequest {
    const message = buildInitialJob(this.validator, this.minerHotkey, options);
    this.send(message);
    return message;
  }

  sendJobRequest(options: JobRequestOptions): V0JobRequest {
    const message = buildJobRequest(options);
    this.send(message);
    return message;
  }

  sendAcceptedReceipt(options: AcceptedReceiptOptions): V0JobAcceptedReceiptRequest {
    const message = buildAcceptedReceipt(this.validator, this.minerHotkey, options);
    this.send(message);
    return message;
  }

  sendFinishedReceipt(options: FinishedReceiptOptions): V0JobFinishedReceiptRequest {
    const message = buildFinishedReceipt(this.validator, this.minerHotkey, options);
    this.send(message);
    return message;
  }

  /** Runs a whole organic job (reference §1.4) and returns what happened. */
  runJob(spec: JobSpec = {}): Promise<JobRun> {
    return runJob(this, spec);
  }
}
