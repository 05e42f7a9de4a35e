/**
 * Test helpers for devchain tests: a stock ApiPromise on a devchain, and `include`, which signs and
 * sends an extrinsic, seals a block as soon as the pool has it, and resolves with the in-block result.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { WebSocket } from 'ws';
import type { Devchain } from './server';

export async function stockApi(devchain: Devchain): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(devchain.url), noInitWarn: true });
}

/** The untyped call builder `pallet.method` (our metadata is not augmented). */
export function tx(api: ApiPromise, pallet: string, method: string): (...args: unknown[]) => SubmittableExtrinsic<'promise'> {
  const fn = api.tx[pallet]?.[method];
  if (!fn) throw new Error(`no call ${pallet}.${method}`);
  return fn;
}

/** Signs with `pair` (nonce -1, default mortal era), seals a block once the extrinsic is ready, resolves in block. */
export function include(devchain: Devchain, extrinsic: SubmittableExtrinsic<'promise'>, pair: KeyringPair): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    extrinsic
      .signAndSend(pair, { nonce: -1 }, (result) => {
        if (result.status.isReady) devchain.produceBlock();
        if (result.status.isInBlock) {
          done = true;
          unsubscribe?.();
          resolve(result);
        }
      })
      .then((unsub) => {
        unsubscribe = unsub;
        if (done) unsub();
      }, reject);
  });
}

/** `Pallet.Name` (metadata spelling) of the dispatch error of an in-block result, or undefined when it succeeded. */
export function dispatchErrorName(api: ApiPromise, result: ISubmittableResult): string | undefined {
  const error = result.dispatchError;
  if (!error) return undefined;
  if (!error.isModule) return error.type;
  const meta = api.registry.findMetaError(error.asModule);
  return `${meta.section.charAt(0).toUpperCase()}${meta.section.slice(1)}.${meta.name}`;
}

/** `section.Method` of each event of an in-block result, in order. */
export function eventNames(result: ISubmittableResult): string[] {
  return result.events.map(({ event }) => `${event.section}.${event.method}`);
}

/** Seals empty blocks until the head is `number`. */
export function advanceTo(devchain: Devchain, number: number): void {
  while (devchain.blockNumber() < number) devchain.produceBlock();
}

/** One raw JSON-RPC request over a fresh socket (bypasses polkadot-js' own checks); resolves with the reply. */
export async function rawCall(devchain: Devchain, method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string; data?: string } }> {
  const socket = new WebSocket(devchain.url);
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    return JSON.parse(await reply) as { result?: unknown; error?: { code: number; message: string; data?: string } };
  } finally {
    socket.close();
  }
}
