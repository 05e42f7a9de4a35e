/**
 * The SDK's request signature (reference: `compute_horde_core/signature.py`, catalogue §6.3 item 5).
 *
 * digest = blake2b-512(timestamp_ns as 8 bytes big-endian || payload bytes), signed with sr25519;
 * the payload bytes are the payload itself when it is bytes, else `json.dumps(payload,
 * sort_keys=True)` — so the `SignedFields` JSON string of a job is JSON-encoded once more.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Signature, SignatureScope } from '@horde/protocol';
import { hotkeyErrors } from './errors';
import type { Hotkey } from './keys';
import { pythonJsonDumps } from './python-json';
import type { PythonJsonValue } from './python-json';
import { verify } from './sign';

/** A key that can sign: a loaded `Hotkey` or a bare keyring pair. */
export type SigningKey = Hotkey | KeyringPair;

/** What is signed: raw bytes, or a JSON value (for a job: the `SignedFields` JSON string). */
export type RequestPayload = Uint8Array | PythonJsonValue;

export const BITTENSOR_SIGNATURE_TYPE = 'bittensor';

const MAX_TIMESTAMP_NS = 1n << 64n;
const SIGNATURE_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes hashed after the timestamp: bytes as they are, anything else as Python's json.dumps. */
export function requestPayloadBytes(payload: RequestPayload): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return new TextEncoder().encode(pythonJsonDumps(payload, { sortKeys: true }));
}

/**
 * The 64-byte blake2b digest that is signed. Throws `BLOB_FIELD_INVALID` for a timestamp outside
 * 0 ≤ t < 2^64 (Python's `to_bytes(8, "big")` refuses it too).
 */
export function requestDigest(timestampNs: bigint, payload: RequestPayload): Uint8Array {
  if (timestampNs < 0n || timestampNs >= MAX_TIMESTAMP_NS) {
    throw hotkeyErrors.error('BLOB_FIELD_INVALID', 'timestamp_ns must fit in 8 unsigned bytes');
  }
  const body = requestPayloadBytes(payload);
  const message = new Uint8Array(8 + body.length);
  new DataView(message.buffer).setBigUint64(0, timestampNs, false);
  message.set(body, 8);
  return blake2AsU8a(message, 512);
}

/** Nanoseconds since 1970, like Python's `time.time_ns()` (millisecond resolution). */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** Signs `payload` as the reference's `BittensorWalletSigner.sign` does. */
export function signRequest(
  key: SigningKey,
  payload: RequestPayload,
  scope: SignatureScope = 'SignedFields',
  timestampNs: bigint = nowNs(),
): Signature {
  const pair = 'pair' in key ? key.pair : key;
  const signature = pair.sign(requestDigest(timestampNs, payload));
  return {
    signature_type: BITTENSOR_SIGNATURE_TYPE,
    signatory: pair.address,
    timestamp_ns: timestampNs,
    signature: Buffer.from(signature).toString('base64'),
    signature_scope: scope,
  };
}

/**
 * True when `signature` is the signatory's valid signature of `payload` at its timestamp. Never
 * throws: malformed base64, a bad address or an out-of-range timestamp are simply false. Like the
 * reference, the timestamp's freshness is not checked here; whether the signatory may submit is
 * the caller's decision.
 */
export function verifyRequestSignature(signature: Signature, payload: RequestPayload): boolean {
  try {
    const bytes = base64Bytes(signature.signature);
    if (bytes?.length !== SIGNATURE_BYTES) return false;
    return verify(requestDigest(signature.timestamp_ns, payload), u8aToHex(bytes), signature.signatory);
  } catch {
    return false;
  }
}

function base64Bytes(text: string): Uint8Array | undefined {
  if (typeof text !== 'string' || !BASE64.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** The HTTP headers carrying a signature. */
export const SIGNATURE_HEADERS = {
  type: 'X-CH-Signature-Type',
  signatory: 'X-CH-Signatory',
  timestampNs: 'X-CH-Timestamp-NS',
  signature: 'X-CH-Signature',
  scope: 'X-CH-Signature-Scope',
} as const;

/** `signature_to_headers`: the five X-CH-* headers (the signature is already base64). */
export function signatureToHeaders(signature: Signature): Record<string, string> {
  return {
    [SIGNATURE_HEADERS.type]: signature.signature_type,
    [SIGNATURE_HEADERS.signatory]: signature.signatory,
    [SIGNATURE_HEADERS.timestampNs]: signature.timestamp_ns.toString(),
    [SIGNATURE_HEADERS.signature]: signature.signature,
    [SIGNATURE_HEADERS.scope]: signature.signature_scope,
  };
}

/** Request headers as fetch (`Headers`) or node:http (`IncomingHttpHeaders`, lower-case) give them. */
export type HeaderSource = Headers | { readonly [name: string]: string | readonly string[] | undefined };

/**
 * `signature_from_headers`: the signature in the X-CH-* headers (names are case-insensitive; a
 * missing scope is `SignedFields`), or `undefined` when one is missing or malformed.
 */
export function signatureFromHeaders(headers: HeaderSource): Signature | undefined {
  const get = headerReader(headers);
  const type = get(SIGNATURE_HEADERS.type);
  const signatory = get(SIGNATURE_HEADERS.signatory);
  const timestamp = get(SIGNATURE_HEADERS.timestampNs);
  const signature = get(SIGNATURE_HEADERS.signature);
  const scope = get(SIGNATURE_HEADERS.scope) ?? 'SignedFields';
  if (type === undefined || signatory === undefined || timestamp === undefined || signature === undefined) return undefined;
  if (!/^\d{1,20}$/.test(timestamp)) return undefined;
  if (scope !== 'SignedFields' && scope !== 'FullRequest') return undefined;
  return { signature_type: type, signatory, timestamp_ns: BigInt(timestamp), signature, signature_scope: scope };
}

function headerReader(headers: HeaderSource): (name: string) => string | undefined {
  if (headers instanceof Headers) return (name) => headers.get(name) ?? undefined;
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => {
    const value = lower.get(name.toLowerCase());
    return typeof value === 'string' ? value : value?.[0];
  };
}
