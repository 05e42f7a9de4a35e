/**
 * Dials a miner's validator interface and authenticates (reference §1.1, §1.2). Every inbound frame
 * goes to `onMessage`; unknown or invalid frames are logged by the typed socket and dropped.
 */
import { sign, validatorAuthBlob } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import { MinerToValidatorMessage, ValidatorToMinerMessage } from '@horde/protocol';
import { connectTypedSocket } from '@horde/service';
import type { CloseInfo, Handlers, Logger, TypedConnection } from '@horde/service';

export interface MinerEndpoint {
  readonly hotkey: string;
  readonly address: string;
  readonly port: number;
}

export type MinerConnection = TypedConnection<typeof ValidatorToMinerMessage>;

export interface ConnectOptions {
  readonly key: Hotkey;
  readonly logger: Logger;
  readonly connectTimeoutMs: number;
  readonly onMessage: (message: MinerToValidatorMessage) => void;
  readonly onClose?: (info: CloseInfo) => void;
}

export function minerUrl(miner: MinerEndpoint, validatorHotkey: string): string {
  const host = miner.address.includes(':') ? `[${miner.address}]` : miner.address;
  return `ws://${host}:${miner.port}/v0.1/validator_interface/${validatorHotkey}`;
}

/** Connects and sends ValidatorAuthForMiner; rejects with the socket's typed connect errors. */
export async function connectToMiner(miner: MinerEndpoint, options: ConnectOptions): Promise<MinerConnection> {
  const push = (message: MinerToValidatorMessage): void => options.onMessage(message);
  const handlers: Handlers<typeof MinerToValidatorMessage, typeof ValidatorToMinerMessage> = {
    GenericError: push,
    UnauthorizedError: push,
    V0ExecutorManifestRequest: push,
    V0MainHotkeyMessage: push,
    V0AcceptJobRequest: push,
    V0DeclineJobRequest: push,
    V0ExecutorReadyRequest: push,
    V0VolumesReadyRequest: push,
    V0StreamingJobReadyRequest: push,
    V0ExecutionDoneRequest: push,
    V0MachineSpecsRequest: push,
    V0JobFinishedRequest: push,
    V0JobFailedRequest: push,
    V0HordeFailedRequest: push,
    V0ExecutorFailedRequest: push,
    V0StreamingJobNotReadyRequest: push,
  };
  const conn = await connectTypedSocket(minerUrl(miner, options.key.address), {
    inbound: MinerToValidatorMessage,
    outbound: ValidatorToMinerMessage,
    logger: options.logger.child({ component: 'miner-client', miner: miner.hotkey }),
    connectTimeoutMs: options.connectTimeoutMs,
    handlers,
    ...(options.onClose ? { onClose: (info: CloseInfo) => options.onClose?.(info) } : {}),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  conn.send({
    message_type: 'ValidatorAuthForMiner',
    validator_hotkey: options.key.address,
    miner_hotkey: miner.hotkey,
    timestamp,
    signature: sign(options.key, validatorAuthBlob(options.key.address, miner.hotkey, timestamp)),
  });
  return conn;
}
