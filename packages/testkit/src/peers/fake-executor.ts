/**
 * A fake executor: dials the miner's executor interface with a token and speaks
 * ExecutorToMinerMessage frames, as the real executor would, without running anything.
 */
import { ExecutorToMinerMessage, MinerToExecutorMessage } from '@horde/protocol';
import type { ExecutorToMinerMessage as ExecutorToMiner, MinerToExecutorMessage as MinerToExecutor } from '@horde/protocol';
import { dial, PeerSocket } from './peer-socket';

export interface FakeExecutorOptions {
  /** The miner address executors are given, `ws://host:port`. */
  minerAddress: string;
  token: string;
  connectTimeoutMs?: number;
}

/** Dials `<minerAddress>/v0.1/executor_interface/<token>`; resolves once the socket is open. */
export function connectFakeExecutor(options: FakeExecutorOptions): Promise<FakeExecutor> {
  const url = `${options.minerAddress.replace(/\/$/, '')}/v0.1/executor_interface/${options.token}`;
  return new FakeExecutor(dial(url)).opened(options.connectTimeoutMs ?? 5000);
}

export class FakeExecutor extends PeerSocket<MinerToExecutor, ExecutorToMiner> {
  constructor(ws: ConstructorParameters<typeof PeerSocket>[0]) {
    super(ws, MinerToExecutorMessage, ExecutorToMinerMessage);
  }
}
