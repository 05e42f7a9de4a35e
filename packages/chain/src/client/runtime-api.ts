/**
 * Runtime-API calls through `state_call`, encoded and decoded from the chain's own V15 metadata.
 * Transport failures and decoding failures are kept apart: the first are retryable
 * (CHAIN_UNAVAILABLE), the second are not (CHAIN_RESPONSE_MALFORMED).
 */
import type { ApiPromise } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { chainErrors } from '../errors';

/** A runtime API method as the metadata declares it. */
export interface RuntimeApiMethod {
  api: string;
  method: string;
  inputs: { name: string; type: number }[];
  output: number;
}

/** True when the runtime version lists `api` (by its blake2-64 id), i.e. the runtime implements it. */
function runtimeImplements(api: ApiPromise, name: string): boolean {
  const id = blake2AsHex(stringToU8a(name), 64);
  return api.runtimeVersion.apis.some(([hash]) => hash.toHex() === id);
}

/** The method when both the metadata and the runtime version have it; undefined otherwise. */
export function findRuntimeApi(api: ApiPromise, apiName: string, method: string): RuntimeApiMethod | undefined {
  const meta = api.runtimeMetadata;
  if (!meta.version || meta.version < 15 || !runtimeImplements(api, apiName)) return undefined;
  const decl = meta.asLatest.apis.find((a) => a.name.toString() === apiName);
  const m = decl?.methods.find((x) => x.name.toString() === method);
  if (!m) return undefined;
  return {
    api: apiName,
    method,
    inputs: m.inputs.map((i) => ({ name: i.name.toString(), type: i.type.toNumber() })),
    output: m.output.toNumber(),
  };
}

/**
 * Calls `m` with `args` (one per input, in order) and returns the decoded output as JSON
 * (polkadot-js `toJSON`: structs with camelCase keys, accounts as ss58, integers above 2^53 as hex).
 */
export async function callRuntimeApi(api: ApiPromise, m: RuntimeApiMethod, args: unknown[], at?: string): Promise<unknown> {
  const { registry } = api;
  const encoded = u8aConcat(...m.inputs.map((input, i) => registry.createType(registry.createLookupType(input.type), args[i]).toU8a()));
  const name = `${m.api}_${m.method}`;
  // Transport errors propagate as they are: the retry wrapper classifies them as CHAIN_UNAVAILABLE.
  const raw = at === undefined ? await api.rpc.state.call(name, u8aToHex(encoded)) : await api.rpc.state.call(name, u8aToHex(encoded), at);
  const bytes = raw.toU8a(true);
  let decoded;
  try {
    decoded = registry.createType(registry.createLookupType(m.output), bytes);
  } catch (cause) {
    throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', name, { cause, context: { bytes: bytes.length } });
  }
  if (decoded.encodedLength !== bytes.length) {
    throw chainErrors.error('CHAIN_RESPONSE_MALFORMED', `${name}: ${bytes.length} bytes, ${decoded.encodedLength} decoded`);
  }
  return decoded.toJSON();
}
