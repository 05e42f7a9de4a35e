/**
 * The devchain's runtime: the real spec-343 metadata in a @polkadot/types registry, and the
 * metagraph runtime APIs answered by encoding the configured subnet with the metadata's own types.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import { compactAddLength, hexToU8a, stringCamelCase, u8aConcat, u8aToHex } from '@polkadot/util';
import type { Codec } from '@polkadot/types/types';
import { SUBTENSOR_SIGNED_EXTENSIONS } from '../client/connect';
import { ipToChain } from '../extrinsics/ip';
import { fixtures } from './recorded';
import type { SubnetDescription } from './subnet';

const RAO_PER_TAO = 1_000_000_000;

export interface Runtime {
  registry: TypeRegistry;
  metadata: Metadata;
  /** The metadata's storage entries and constants, decorated once. */
  decorated: DecoratedMeta;
}

/** The spec-343 registry; subtensor's two Null transaction extensions are declared so nothing warns. */
export function createRuntime(): Runtime {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, fixtures.metadata as `0x${string}`);
  registry.setMetadata(metadata, undefined, SUBTENSOR_SIGNED_EXTENSIONS);
  return { registry, metadata, decorated: expandMetadata(registry, metadata) };
}

interface Method {
  inputs: number[];
  output: number;
}

function runtimeMethod(registry: TypeRegistry, api: string, method: string): Method {
  const m = registry.metadata.apis.find((a) => a.name.toString() === api)?.methods.find((x) => x.name.toString() === method);
  if (!m) throw new Error(`metadata has no ${api}.${method}`);
  return { inputs: m.inputs.map((i) => i.type.toNumber()), output: m.output.toNumber() };
}

/** Decodes `state_call` argument bytes as the method's inputs, in order. */
function decodeArgs(registry: TypeRegistry, m: Method, data: string): Codec[] {
  const bytes = hexToU8a(data);
  let offset = 0;
  return m.inputs.map((type) => {
    const arg = registry.createType(registry.createLookupType(type), bytes.subarray(offset));
    offset += arg.encodedLength;
    return arg;
  });
}

function raoOf(tao: number): bigint {
  return BigInt(Math.round(tao * RAO_PER_TAO));
}

function axonInfo(axon: SubnetDescription['neurons'][number]['axon']): Record<string, unknown> {
  if (!axon) return { block: 0, version: 0, ip: 0, port: 0, ipType: 4, protocol: 0, placeholder1: 0, placeholder2: 0 };
  const { ip, ipType } = ipToChain(axon.ip);
  return { block: axon.block, version: axon.version, ip, port: axon.port, ipType, protocol: axon.protocol, placeholder1: 0, placeholder2: 0 };
}

/** Every SelectiveMetagraph field we can describe, by its runtime (snake_case) name. */
function mechagraphFields(subnet: SubnetDescription, block: number): Record<string, unknown> {
  const { neurons } = subnet;
  const stakes = neurons.map((n) => raoOf(n.stake));
  return {
    ...subnet.hyperparameters,
    netuid: subnet.netuid,
    block,
    tempo: subnet.tempo,
    num_uids: neurons.length,
    hotkeys: neurons.map((n) => n.hotkey),
    coldkeys: neurons.map((n) => n.coldkey),
    axons: neurons.map((n) => axonInfo(n.axon)),
    active: neurons.map((n) => n.active),
    validator_permit: neurons.map((n) => n.validator_permit),
    last_update: neurons.map((n) => n.last_update),
    alpha_stake: stakes,
    tao_stake: neurons.map(() => 0),
    total_stake: stakes,
    validators: neurons.flatMap((n, uid) => (n.validator_permit ? [uid] : [])),
  };
}

/** `SubnetInfoRuntimeApi_get_selective_mechagraph`: only the asked-for fields are Some. */
function selectiveMechagraph(registry: TypeRegistry, m: Method, args: Codec[], { subnet, block }: RuntimeContext): Codec {
  const [netuid, , indexes] = args.map((a) => a.toJSON()) as [number, number, number[]];
  const type = registry.createLookupType(m.output);
  if (netuid !== subnet.netuid) return registry.createType(type, null);
  const inner = registry.lookup.getSiType(m.output).def.asVariant.variants.find((v) => v.name.toString() === 'Some')?.fields[0];
  const names = inner ? registry.lookup.getSiType(inner.type).def.asComposite.fields.map((f) => f.name.unwrapOr('').toString()) : [];
  const all = mechagraphFields(subnet, block);
  const wanted = new Set([0, ...indexes]);
  const value: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (wanted.has(i) && name in all) value[stringCamelCase(name)] = all[name];
  });
  return registry.createType(type, value);
}

/** `NeuronInfoRuntimeApi_get_neurons_lite`: one NeuronInfoLite per uid, the stake held by the coldkey. */
function neuronsLite(registry: TypeRegistry, m: Method, args: Codec[], { subnet }: RuntimeContext): Codec {
  const netuid = args[0]?.toJSON();
  const neurons = netuid === subnet.netuid ? subnet.neurons : [];
  const zeroPrometheus = { block: 0, version: 0, ip: 0, port: 0, ipType: 0 };
  return registry.createType(
    registry.createLookupType(m.output),
    neurons.map((n, uid) => ({
      hotkey: n.hotkey,
      coldkey: n.coldkey,
      uid,
      netuid,
      active: n.active,
      axonInfo: axonInfo(n.axon),
      prometheusInfo: zeroPrometheus,
      stake: [[n.coldkey, raoOf(n.stake)]],
      validatorPermit: n.validator_permit,
      lastUpdate: n.last_update,
    })),
  );
}

/** What runtime APIs read: the live subnet at a block, and account nonces. */
export interface RuntimeContext {
  subnet: SubnetDescription;
  block: number;
  nonceOf(address: string): number;
}

type Answer = (registry: TypeRegistry, m: Method, args: Codec[], ctx: RuntimeContext) => Codec;

/** `AccountNonceApi_account_nonce`: what polkadot-js asks for `nonce: -1`; the on-chain nonce, pool not counted (as subtensor). */
const accountNonce: Answer = (registry, m, args, ctx) => registry.createType(registry.createLookupType(m.output), ctx.nonceOf(String(args[0]?.toString())));

/** `Metadata_metadata_versions`: only V15 is recorded. */
const metadataVersions: Answer = (registry, m) => registry.createType(registry.createLookupType(m.output), [15]);

/** `Metadata_metadata_at_version(v)`: the recorded V15 as OpaqueMetadata, None for any other version. */
const metadataAtVersion: Answer = (registry, m, args) =>
  // Given as its SCALE encoding (Some + length-prefixed bytes): a bare Uint8Array would be read as already prefixed.
  registry.createType(registry.createLookupType(m.output), args[0]?.toJSON() === 15 ? u8aConcat([1], compactAddLength(hexToU8a(fixtures.metadata))) : null);


/** The runtime APIs served, by `state_call` name. */
const SERVED: Record<string, [api: string, method: string, answer: Answer]> = {
  SubnetInfoRuntimeApi_get_selective_mechagraph: ['SubnetInfoRuntimeApi', 'get_selective_mechagraph', selectiveMechagraph],
  NeuronInfoRuntimeApi_get_neurons_lite: ['NeuronInfoRuntimeApi', 'get_neurons_lite', neuronsLite],
  Metadata_metadata_versions: ['Metadata', 'metadata_versions', metadataVersions],
  Metadata_metadata_at_version: ['Metadata', 'metadata_at_version', metadataAtVersion],
  AccountNonceApi_account_nonce: ['AccountNonceApi', 'account_nonce', accountNonce],
};

/** Answers `state_call(name, data)`; undefined when the runtime API is not served. */
export function runtimeCall(registry: TypeRegistry, ctx: RuntimeContext, name: string, data: string): string | undefined {
  const served = SERVED[name];
  if (!served) return undefined;
  const [api, method, answer] = served;
  const m = runtimeMethod(registry, api, method);
  return u8aToHex(answer(registry, m, decodeArgs(registry, m, data), ctx).toU8a());
}
