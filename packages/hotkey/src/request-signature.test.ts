import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { V2JobRequest } from '@horde/protocol';
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import vectors from './fixtures/request-vectors.json';
import {
  requestDigest,
  requestPayloadBytes,
  signRequest,
  signatureFromHeaders,
  signatureToHeaders,
  verifyRequestSignature,
} from './request-signature';
import { jobDockerSignedPayload, v2JobSignedPayload } from './signed-fields';
import type { JobDockerSignedBody } from './signed-fields';
import { TEST_WALLETS } from './test-wallets';

// Expected values come from scripts/request_vectors.py run with real pydantic v2.

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

function signedFieldsOf(vector: (typeof vectors.signed_fields)[number]): string {
  const input = JSON.parse(vector.input) as Record<string, unknown>;
  if (vector.kind === 'v2') return v2JobSignedPayload(V2JobRequest.parse({ message_type: 'V2JobRequest', ...input }));
  return jobDockerSignedPayload(input as JobDockerSignedBody);
}

describe('SignedFields and digests equal pydantic + json.dumps + blake2b byte for byte', () => {
  it('the committed fixture is what scripts/request_vectors.py prints', () => {
    const result = spawnSync('python3', ['scripts/request_vectors.py'], { encoding: 'utf8', cwd: PACKAGE_DIR });
    expect(result.status, result.stderr).toBe(0);
    const withoutVersion = (text: string) => text.replace(/"pydantic": "[^"]*"/, '');
    expect(withoutVersion(result.stdout)).toBe(withoutVersion(readFileSync(new URL('./fixtures/request-vectors.json', import.meta.url), 'utf8')));
  });

  it('covers v2 requests and bodies, volumes, uploads, streaming and non-ASCII', () => {
    expect(new Set(vectors.signed_fields.map((v) => v.kind))).toEqual(new Set(['v2', 'body']));
    expect(vectors.signed_fields.some((v) => v.signed_fields.includes('"executor_ip":null'))).toBe(true);
    expect(vectors.signed_fields.some((v) => v.signed_fields.includes('"token":null'))).toBe(true);
    expect(vectors.signed_fields.some((v) => [...v.signed_fields].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
  });

  it.each(vectors.signed_fields.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const signed = signedFieldsOf(vector);
    expect(signed).toBe(vector.signed_fields);
    expect(new TextDecoder().decode(requestPayloadBytes(signed))).toBe(vector.payload);
    expect(u8aToHex(requestDigest(BigInt(vector.timestamp_ns), signed), -1, false)).toBe(vector.digest);
  });

  it.each(vectors.raw.map((v) => [v.timestamp_ns, v] as const))('raw bytes at %s', (_ts, vector) => {
    const bytes = Buffer.from(vector.payload_hex, 'hex');
    expect(u8aToHex(requestDigest(BigInt(vector.timestamp_ns), new Uint8Array(bytes)), -1, false)).toBe(vector.digest);
  });

  it('refuses a timestamp that does not fit 8 unsigned bytes', () => {
    expect(() => requestDigest(-1n, 'x')).toThrow(expect.objectContaining({ code: 'BLOB_FIELD_INVALID' }));
    expect(() => requestDigest(1n << 64n, 'x')).toThrow(expect.objectContaining({ code: 'BLOB_FIELD_INVALID' }));
  });
});

describe('signRequest / verifyRequestSignature', () => {
  const user = TEST_WALLETS.user;
  const payload = vectors.signed_fields[1]?.signed_fields ?? '';

  it('signs as bittensor with the signatory, scope and timestamp, and verifies', () => {
    const signature = signRequest(user, payload, 'SignedFields', 1_700_000_000_000_000_000n);
    expect(signature).toMatchObject({ signature_type: 'bittensor', signatory: user.address, timestamp_ns: 1_700_000_000_000_000_000n, signature_scope: 'SignedFields' });
    expect(Buffer.from(signature.signature, 'base64')).toHaveLength(64);
    expect(verifyRequestSignature(signature, payload)).toBe(true);
    expect(verifyRequestSignature(signRequest(user.pair, { a: 1 }, 'FullRequest'), { a: 1 })).toBe(true);
  });

  it('is false for a tampered field, another timestamp, a wrong signatory or bad base64', () => {
    const signature = signRequest(user, payload);
    expect(verifyRequestSignature(signature, payload.replace('always_on.gpu-24gb', 'always_on.llm.a6000'))).toBe(false);
    expect(verifyRequestSignature({ ...signature, timestamp_ns: signature.timestamp_ns + 1n }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, signatory: TEST_WALLETS.user2.address }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, signatory: 'not-an-address' }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, signature: 'not base64!' }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, signature: Buffer.alloc(64).toString('base64') }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, signature: signature.signature.slice(4) }, payload)).toBe(false);
    expect(verifyRequestSignature({ ...signature, timestamp_ns: -5n }, payload)).toBe(false);
  });

  it('the string payload is JSON-encoded again, so it differs from signing its bytes', () => {
    const signature = signRequest(user, payload);
    expect(verifyRequestSignature(signature, new TextEncoder().encode(payload))).toBe(false);
  });
});

describe('X-CH-* headers', () => {
  it('round-trips through headers, case-insensitively, from Headers and node header objects', () => {
    const signature = signRequest(TEST_WALLETS.user, 'p', 'FullRequest', 123n);
    const headers = signatureToHeaders(signature);
    expect(headers).toEqual({
      'X-CH-Signature-Type': 'bittensor',
      'X-CH-Signatory': TEST_WALLETS.user.address,
      'X-CH-Timestamp-NS': '123',
      'X-CH-Signature': signature.signature,
      'X-CH-Signature-Scope': 'FullRequest',
    });
    expect(signatureFromHeaders(new Headers(headers))).toEqual(signature);
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(signatureFromHeaders(lower)).toEqual(signature);
  });

  it('defaults the scope and refuses missing or malformed headers', () => {
    const headers = signatureToHeaders(signRequest(TEST_WALLETS.user, 'p'));
    const { 'X-CH-Signature-Scope': _scope, ...withoutScope } = headers;
    expect(signatureFromHeaders(withoutScope)?.signature_scope).toBe('SignedFields');
    const { 'X-CH-Signatory': _signatory, ...withoutSignatory } = headers;
    expect(signatureFromHeaders(withoutSignatory)).toBeUndefined();
    expect(signatureFromHeaders({ ...headers, 'X-CH-Timestamp-NS': '12x' })).toBeUndefined();
    expect(signatureFromHeaders({ ...headers, 'X-CH-Signature-Scope': 'Everything' })).toBeUndefined();
  });
});
