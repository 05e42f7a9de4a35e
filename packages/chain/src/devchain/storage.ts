/**
 * The devchain's storage as substrate would expose it: key (twox128 pallet + twox128 item + hashed
 * keys, built by the metadata's own storage functions) → SCALE value, for the items Horde and
 * polkadot-js read. A snapshot is taken per block, so reads `at` an older block see that block.
 */
import type { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import { ipToChain } from '../extrinsics/ip';
import type { Beacon } from '../timelock/beacon';
import type { Runtime } from './runtime';
import type { ChainState } from './state';

export type StorageSnapshot = ReadonlyMap<string, string>;

export interface StorageSchema {
  entry(pallet: string, item: string): StorageEntry;
  /** Key of `pallet.item(...keys)` as 0x-hex (memoised: keys repeat every block). */
  key(pallet: string, item: string, keys?: unknown[]): string;
}

export function storageSchema({ registry, decorated }: Runtime): StorageSchema {
  const { query } = decorated;
  const keyCache = new Map<string, string>();
  const entry = (pallet: string, item: string): StorageEntry => {
    const found = query[pallet]?.[item];
    if (!found) throw new Error(`metadata has no storage ${pallet}.${item}`);
    return found;
  };
  return {
    entry,
    key(pallet, item, keys = []) {
      const id = `${pallet}.${item}:${JSON.stringify(keys)}`;
      let key = keyCache.get(id);
      if (key === undefined) {
        const e = entry(pallet, item);
        key = registry.createType('StorageKey', keys.length === 0 ? [e] : [e, keys]).toHex();
        keyCache.set(id, key);
      }
      return key;
    },
  };
}

function valueType(registry: TypeRegistry, entry: StorageEntry): string {
  const type = entry.meta.type;
  return registry.createLookupType(type.isPlain ? type.asPlain : type.asMap.value);
}

class SnapshotBuilder {
  readonly values = new Map<string, string>();
  constructor(
    private readonly registry: TypeRegistry,
    private readonly schema: StorageSchema,
  ) {}

  put(pallet: string, item: string, keys: unknown[], value: unknown): void {
    const entry = this.schema.entry(pallet, item);
    this.values.set(this.schema.key(pallet, item, keys), u8aToHex(this.registry.createType(valueType(this.registry, entry), value).toU8a()));
  }
}

function putSubnet(b: SnapshotBuilder, state: ChainState): void {
  const { netuid, tempo, neurons, hyperparameters: h } = state.subnet;
  const S = 'subtensorModule';
  b.put(S, 'commitRevealWeightsVersion', [], state.commitRevealVersion);
  b.put(S, 'tempo', [netuid], tempo);
  b.put(S, 'subnetworkN', [netuid], neurons.length);
  b.put(S, 'commitRevealWeightsEnabled', [netuid], h.commit_reveal_weights_enabled);
  b.put(S, 'revealPeriodEpochs', [netuid], h.commit_reveal_period);
  b.put(S, 'weightsSetRateLimit', [netuid], h.weights_rate_limit);
  b.put(S, 'servingRateLimit', [netuid], h.serving_rate_limit);
  b.put(S, 'weightsVersionKey', [netuid], h.weights_version);
  b.put(S, 'minAllowedWeights', [netuid], h.min_allowed_weights);
  b.put(S, 'maxWeightsLimit', [netuid], h.max_weights_limit);
  b.put(S, 'lastUpdate', [netuid], neurons.map((n) => n.last_update));
  neurons.forEach((n, uid) => {
    b.put(S, 'keys', [netuid, uid], n.hotkey);
    b.put(S, 'uids', [netuid, n.hotkey], uid);
    if (n.axon) {
      const { ip, ipType } = ipToChain(n.axon.ip);
      b.put(S, 'axons', [netuid, n.hotkey], { block: n.axon.block, version: n.axon.version, ip, port: n.axon.port, ipType, protocol: n.axon.protocol });
    }
  });
  for (const [uid, weights] of state.weights) b.put(S, 'weights', [netuid, uid], weights);
  for (const [hotkey, commits] of state.commits) {
    b.put(S, 'weightCommits', [netuid, hotkey], commits.map((c) => [c.hash, c.commitBlock, c.firstRevealBlock, c.lastRevealBlock]));
  }
  const byEpoch = new Map<number, unknown[]>();
  for (const c of state.timelockedCommits) byEpoch.set(c.epoch, [...(byEpoch.get(c.epoch) ?? []), [c.hotkey, c.commitBlock, c.ciphertext, c.revealRound]]);
  for (const [epoch, commits] of byEpoch) b.put(S, 'timelockedWeightCommits', [netuid, epoch], commits);
  for (const [hotkey, c] of state.commitments) b.put('commitments', 'commitmentOf', [netuid, hotkey], { deposit: 0, block: c.block, info: c.info });
}

/** `Drand.BeaconConfig` for a beacon: its key and clock (the other fields are informational). */
export function beaconConfig(beacon: Beacon): Record<string, unknown> {
  if (!Number.isInteger(beacon.period) || !Number.isInteger(beacon.genesis)) throw new RangeError('Drand.BeaconConfig holds whole seconds: period and genesis must be integers');
  return { publicKey: u8aToHex(beacon.publicKey), period: beacon.period, genesisTime: beacon.genesis };
}

/** Every storage value of the chain after block `block`, whose events are `eventsHex`. */
export function storageSnapshot(registry: TypeRegistry, schema: StorageSchema, state: ChainState, block: number, eventsHex: string): StorageSnapshot {
  const b = new SnapshotBuilder(registry, schema);
  b.put('drand', 'beaconConfig', [], state.beaconConfig);
  b.values.set(schema.key('system', 'events'), eventsHex);
  b.put('system', 'number', [], block);
  for (const [address, nonce] of state.nonces) b.put('system', 'account', [address], { nonce, providers: 1 });
  putSubnet(b, state);
  return b.values;
}
