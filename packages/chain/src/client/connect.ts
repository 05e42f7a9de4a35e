/** Opening an ApiPromise on a subtensor endpoint (or an injected provider), bounded in time. */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { ApiOptions } from '@polkadot/api/types';
import { HordeError } from '@horde/protocol';
import { chainErrors } from '../errors';
import { withTimeout } from './retry';

export type ProviderInterface = NonNullable<ApiOptions['provider']>;

/**
 * subtensor's two custom transaction extensions carry nothing (Null extra and payload); declaring
 * them silences polkadot-js and lets it sign. Unknown non-Null extensions are refused elsewhere.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS = {
  SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
  DrandPriority: { extrinsic: {}, payload: {} },
} as const;

export interface ConnectOptions {
  /** ws(s) URL, used when no provider is given. */
  url: string;
  provider?: ProviderInterface;
  /** Give up (CHAIN_UNAVAILABLE) when not connected and initialised within this time. */
  timeoutMs: number;
  /** Delay between WebSocket reconnects, now and after later drops. */
  reconnectMs: number;
}

async function openWs(url: string, timeoutMs: number, reconnectMs: number): Promise<WsProvider> {
  const provider = new WsProvider(url, reconnectMs, undefined, timeoutMs);
  try {
    await withTimeout(provider.isReady, timeoutMs, `connecting to ${url}`);
    return provider;
  } catch (err) {
    await provider.disconnect().catch(() => undefined);
    throw chainErrors.error('CHAIN_UNAVAILABLE', url, { cause: err });
  }
}

/** Connects and waits until the metadata is loaded; never leaves a socket or timer behind on failure. */
export async function connectApi(options: ConnectOptions): Promise<ApiPromise> {
  const provider = options.provider ?? (await openWs(options.url, options.timeoutMs, options.reconnectMs));
  const api = new ApiPromise({ provider, noInitWarn: true, signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS });
  // isReadyOrError rejects on an init 'error'; keep a handler on it so a late rejection is never unhandled.
  const ready = api.isReadyOrError;
  ready.catch(() => undefined);
  try {
    return await withTimeout(ready, options.timeoutMs, 'loading the runtime metadata');
  } catch (err) {
    await api.disconnect().catch(() => undefined);
    if (err instanceof HordeError) throw err;
    throw chainErrors.error('CHAIN_UNAVAILABLE', 'loading the runtime metadata', { cause: err });
  }
}
