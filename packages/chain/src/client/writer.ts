/**
 * `createWriter`: signs Horde's calls with a hotkey, submits them with `author_submitAndWatchExtrinsic`
 * and resolves once the extrinsic is in a block and succeeded. A failed dispatch becomes the typed
 * error of its module error (`txError`); a pool rejection (`1010: Invalid Transaction: …`) a TX_*
 * code; a lost connection CHAIN_UNAVAILABLE. Only a submission that never reached the pool is
 * retried (with backoff); one that was accepted is never sent twice.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { HordeError } from '@horde/protocol';
import { chainErrors } from '../errors';
import { commitTimelockedWeights, commitWeights, revealWeights, serveAxon, setCommitment, setWeights } from '../extrinsics/calls';
import type { Call } from '../extrinsics/calls';
import { chainWriteError } from '../extrinsics/errors';
import { fromDispatchError, txError } from '../extrinsics/tx-errors';
import { delay } from './retry';
import type { RetryPolicy } from './retry';
import { assertCanSign } from './signing-check';
import type { ChainWriter, TxReceipt, WriterOptions } from './writer-types';

/** Pool answers that mean "try again with a fresh nonce": another transaction of ours took it. */
const NONCE_CLASH = /Priority is too low|Transaction is outdated|already imported/i;

/** A rejection of `author_submitAndWatchExtrinsic` (or a later status) as a typed error. */
export function submitError(err: unknown): HordeError {
  if (err instanceof HordeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const custom = /Custom error: (\d+)/.exec(message);
  if (custom) return txError({ kind: 'customInvalid', custom: Number(custom[1]) }, { cause: err });
  if (NONCE_CLASH.test(message)) return chainErrors.error('CHAIN_UNAVAILABLE', `pool refused the nonce: ${message}`, { cause: err });
  if (/^\d{4}:/.test(message)) return chainWriteError('TX_INVALID', message, { cause: err });
  return chainErrors.error('CHAIN_UNAVAILABLE', `submitting: ${message}`, { cause: err });
}

/** Errors raised before the pool accepted the extrinsic: only these may be retried. */
const notSent = new WeakSet<HordeError>();

/** Sends one signed call and follows it until it is in a block. */
async function sendOnce(api: ApiPromise, pair: KeyringPair, call: Call, what: string, timeoutMs: number): Promise<TxReceipt> {
  let unsubscribe: (() => void) | undefined;
  let settled = false;
  let accepted = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<TxReceipt>((resolve, reject) => {
      const done = {
        resolve: (r: TxReceipt) => ((settled = true), resolve(r)),
        reject: (e: HordeError) => ((settled = true), reject(e)),
      };
      timer = setTimeout(() => {
        if (settled) return;
        if (accepted) done.reject(chainWriteError('TX_INCLUSION_TIMEOUT', `${what} not in a block after ${timeoutMs} ms`));
        else done.reject(chainErrors.error('CHAIN_TIMEOUT', `${what} not accepted after ${timeoutMs} ms`));
      }, timeoutMs);
      const onStatus = (result: ISubmittableResult): void => {
        if (settled) return;
        const { status } = result;
        accepted = true;
        if (status.isInBlock || status.isFinalized) {
          const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          if (result.dispatchError) {
            done.reject(txError(fromDispatchError(api.registry, result.dispatchError), { cause: result.dispatchError.toString() }));
            return;
          }
          settled = true; // a later `finalized` status must not look the block up again
          void blockNumberOf(api, blockHash).then(
            (blockNumber) => resolve({ txHash: result.txHash.toHex(), blockHash, blockNumber }),
            (err: unknown) => reject(submitError(err)),
          );
        } else if (status.isInvalid || status.isDropped || status.isUsurped) {
          done.reject(chainWriteError('TX_INVALID', `${what}: the pool reported ${status.type}`));
        }
      };
      call.signAndSend(pair, { nonce: -1 }, onStatus).then(
        (unsub) => {
          unsubscribe = unsub;
          if (settled) unsub();
        },
        (err: unknown) => {
          const typed = submitError(err);
          if (!accepted) notSent.add(typed);
          done.reject(typed);
        },
      );
    });
  } finally {
    clearTimeout(timer);
    unsubscribe?.();
  }
}

async function blockNumberOf(api: ApiPromise, blockHash: string): Promise<number> {
  return (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
}


/** Retries a send whose extrinsic never reached the pool (connection lost, nonce taken); nothing else. */
async function sendWithRetry(what: string, policy: RetryPolicy, attempt: () => Promise<TxReceipt>): Promise<TxReceipt> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (err) {
      const typed = submitError(err);
      if (!notSent.has(typed) || !typed.retryable) throw typed;
      if (i >= policy.attempts) {
        throw chainErrors.error('CHAIN_UNAVAILABLE', `${what}: gave up after ${policy.attempts} attempts`, { cause: typed, context: { attempts: policy.attempts } });
      }
      await delay(Math.min(policy.baseDelayMs * 2 ** (i - 1), policy.maxDelayMs));
    }
  }
}

/**
 * A writer for `pair`. Checks the runtime once, here: the calls asked for must exist with the
 * expected arity, and every transaction extension must be one we can fill.
 */
export function createWriter(api: ApiPromise, pair: KeyringPair, retry: RetryPolicy, options: WriterOptions = {}): ChainWriter {
  assertCanSign(api, options.calls);
  const timeoutMs = options.inclusionTimeoutMs ?? 60_000;
  // One extrinsic at a time per writer: polkadot-js reads the next nonce from the node, so two in
  // flight from the same key could take the same nonce.
  let queue: Promise<unknown> = Promise.resolve();
  const send = (what: string, build: () => Call): Promise<TxReceipt> => {
    const next = queue.then(() => sendWithRetry(what, retry, () => sendOnce(api, pair, build(), what, timeoutMs)));
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    address: pair.address,
    serveAxon: (args) => send('serve_axon', () => serveAxon(api, args)),
    setCommitment: (args) => send('set_commitment', () => setCommitment(api, args)),
    setWeights: (args) => send('set_weights', () => setWeights(api, args)),
    commitWeights: (args) => send('commit_weights', () => commitWeights(api, args)),
    revealWeights: (args) => send('reveal_weights', () => revealWeights(api, args)),
    commitTimelockedWeights: (args) => send('commit_timelocked_weights', () => commitTimelockedWeights(api, args)),
  };
}
