import { hexToU8a, isHex } from '@polkadot/util';
import { hotkeyErrors } from './errors';
import { pythonJsonDumps } from './python-json';
import { receiptPayloadDump } from './receipt-payload';
import type { ReceiptPayloadInput, ReceiptType } from './receipt-payload';

/*
 * The exact byte strings the reference signs (reference/computehorde.md §6.3). Each string blob is
 * signed as its UTF-8 bytes; none can start with "0x", so Python's hex rule for str never applies.
 */

/**
 * `ValidatorAuthForMiner`: `f"{validator_hotkey}:{miner_hotkey}:{timestamp}"`, timestamp in unix
 * seconds (a pydantic `int`, so it must be an integer here too).
 */
export function validatorAuthBlob(validatorHotkey: string, minerHotkey: string, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp)) {
    throw hotkeyErrors.error('BLOB_FIELD_INVALID', `timestamp must be an integer, got ${timestamp}`);
  }
  return `${validatorHotkey}:${minerHotkey}:${timestamp}`;
}

/**
 * `V0StreamingJobReadyRequest`, signed by the miner: `f"{job_uuid}:{ip}:{port}:{public_key}"`.
 * The reference's `ip` is optional, and Python formats a missing one as `None`; so does this.
 */
export function streamingReadyBlob(jobUuid: string, ip: string | null | undefined, port: number, publicKey: string): string {
  if (!Number.isSafeInteger(port)) {
    throw hotkeyErrors.error('BLOB_FIELD_INVALID', `port must be an integer, got ${port}`);
  }
  return `${jobUuid}:${ip ?? 'None'}:${port}:${publicKey}`;
}

/**
 * A receipt's signing blob, `json.dumps(payload.model_dump(mode="json"), sort_keys=True)`, signed by
 * the validator and countersigned by the miner. See `receiptPayloadDump` for how the payload is
 * normalised first (extra fields dropped, datetimes re-emitted as pydantic does).
 */
export function receiptSigningBlob(payload: ReceiptPayloadInput, type?: ReceiptType): string {
  return pythonJsonDumps(receiptPayloadDump(payload, type), { sortKeys: true });
}

/**
 * `V0AuthenticationRequest` to the facilitator signs the validator's raw 32-byte public key, and
 * sends it as `public_key` in hex without `0x`. Takes that hex (a `0x` prefix is tolerated) and
 * returns the bytes to sign or verify; the signer's address is `ss58FromPublicKey` of the same.
 */
export function facilitatorAuthBlob(publicKeyHex: string): Uint8Array {
  const prefixed = publicKeyHex.startsWith('0x') ? publicKeyHex : `0x${publicKeyHex}`;
  if (!isHex(prefixed, 256)) {
    throw hotkeyErrors.error('PUBLIC_KEY_INVALID', 'expected 32 bytes of hex');
  }
  return hexToU8a(prefixed);
}
