/**
 * Reads a miner's manifest the reference's way: connect, authenticate, take the
 * V0ExecutorManifestRequest the miner sends right after auth, close (reference §1.2).
 */
import type { Hotkey } from '@horde/hotkey';
import type { Logger } from '@horde/service';
import { connectToMiner } from './connect';
import type { MinerEndpoint } from './connect';

export async function pollManifest(miner: MinerEndpoint, options: { key: Hotkey; logger: Logger; timeoutMs: number }): Promise<Record<string, number>> {
  let resolveManifest!: (manifest: Record<string, number>) => void;
  let rejectManifest!: (error: Error) => void;
  const manifest = new Promise<Record<string, number>>((resolve, reject) => {
    resolveManifest = resolve;
    rejectManifest = reject;
  });
  const deadline = Date.now() + options.timeoutMs;
  const conn = await connectToMiner(miner, {
    key: options.key,
    logger: options.logger,
    connectTimeoutMs: options.timeoutMs,
    onMessage: (message) => {
      if (message.message_type === 'V0ExecutorManifestRequest') resolveManifest(message.manifest);
      else if (message.message_type === 'GenericError' || message.message_type === 'UnauthorizedError') rejectManifest(new Error(`miner refused: ${message.details ?? ''}`));
    },
    onClose: (info) => rejectManifest(new Error(`closed (${info.code}) before the manifest`)),
  });
  const timer = setTimeout(() => rejectManifest(new Error(`no manifest within ${options.timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
  try {
    return await manifest;
  } finally {
    clearTimeout(timer);
    conn.close(1000, 'manifest poll done');
  }
}
