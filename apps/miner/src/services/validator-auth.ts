import { validatorAuthBlob, verify } from '@horde/hotkey';
import type { ValidatorAuthForMiner } from '@horde/protocol';
import { minerErrors } from '../errors';

export interface AuthPolicy {
  /** Oldest accepted `timestamp`, in seconds before now (the reference's AUTH_MESSAGE_MAX_AGE, 10). */
  readonly maxAgeS: number;
  /** Newest accepted `timestamp`, in seconds after now: bounds clock skew and the replay cache (60). */
  readonly maxFutureS: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { maxAgeS: 10, maxFutureS: 60 };

/**
 * Remembers every accepted auth message until it is too old to pass the freshness check anyway,
 * so that the same message can authenticate only once (the reference has no nonce: a captured auth
 * frame could be replayed for 10 s). Shared by all connections of the miner.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextPruneAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records `key` until `expiresAtMs`; false when it was already recorded (a replay). */
  remember(key: string, expiresAtMs: number): boolean {
    this.prune();
    const known = this.seen.get(key);
    if (known !== undefined && known > this.now()) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(): void {
    const now = this.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + 1000;
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
  }
}

/**
 * Checks a ValidatorAuthForMiner against the validator of the URL and this miner, in the order of
 * docs/PROTOCOL.md: hotkeys, freshness, future bound, signature, then replay. Throws the typed
 * AUTH_* error (close 4001) of the first failed check.
 */
export function checkValidatorAuth(
  message: ValidatorAuthForMiner,
  expected: { validatorHotkey: string; minerHotkey: string },
  policy: AuthPolicy,
  replays: ReplayCache,
  nowMs: number = Date.now(),
): void {
  const context = { validator: expected.validatorHotkey };
  if (message.validator_hotkey !== expected.validatorHotkey) {
    throw minerErrors.error('AUTH_VALIDATOR_MISMATCH', `${message.validator_hotkey.slice(0, 64)} != ${expected.validatorHotkey}`, { context });
  }
  if (message.miner_hotkey !== expected.minerHotkey) {
    throw minerErrors.error('AUTH_MINER_MISMATCH', `${message.miner_hotkey.slice(0, 64)} != ${expected.minerHotkey}`, { context });
  }
  const nowS = nowMs / 1000;
  if (message.timestamp < nowS - policy.maxAgeS) {
    throw minerErrors.error('AUTH_TIMESTAMP_STALE', `older than ${policy.maxAgeS} s`, { context });
  }
  if (message.timestamp > nowS + policy.maxFutureS) {
    throw minerErrors.error('AUTH_TIMESTAMP_FUTURE', `more than ${policy.maxFutureS} s ahead`, { context });
  }
  if (!verify(validatorAuthBlob(message.validator_hotkey, message.miner_hotkey, message.timestamp), message.signature, expected.validatorHotkey)) {
    throw minerErrors.error('AUTH_SIGNATURE_INVALID', undefined, { context });
  }
  // Normalised, so that re-encoding the same signature (case, 0x prefix) is still a replay.
  const key = `${message.validator_hotkey}:${message.timestamp}:${message.signature.toLowerCase().replace(/^0x/, '')}`;
  if (!replays.remember(key, (message.timestamp + policy.maxAgeS + 1) * 1000)) {
    throw minerErrors.error('AUTH_REPLAYED', undefined, { context });
  }
}
