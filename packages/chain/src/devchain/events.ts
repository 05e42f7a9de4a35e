/**
 * `System.Events` of a devchain block, SCALE-encoded with the runtime's own event types: pallets,
 * events and module errors are looked up by name in the metadata (never by index).
 */
import type { TypeRegistry } from '@polkadot/types';
import { bnToU8a, compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

/** An event as `pallet.name` with its fields in declaration order (polkadot-js JSON values). */
export interface PalletEvent {
  pallet: string;
  name: string;
  fields: unknown[];
}

export interface EventRecordInput {
  /** Index of the extrinsic in its block (phase ApplyExtrinsic), or 'initialization' (on_initialize). */
  phase: number | 'initialization';
  event: PalletEvent;
}

/** `frame_system::Phase` variants: ApplyExtrinsic(u32) = 0, Finalization = 1, Initialization = 2. */
function encodePhase(phase: EventRecordInput['phase']): Uint8Array {
  return phase === 'initialization' ? Uint8Array.of(2) : u8aConcat([0], bnToU8a(phase, { bitLength: 32, isLe: true }));
}

/** A dispatch failure: a module error by name, BadOrigin, or Other (a call the devchain could not apply). */
export type DispatchFailure = { pallet: string; name: string } | 'BadOrigin' | 'Other';

const NO_WEIGHT_INFO = { weight: { refTime: 0, proofSize: 0 }, class: 'Normal', paysFee: 'No' };

function pallet(registry: TypeRegistry, name: string) {
  const found = registry.metadata.pallets.find((p) => p.name.toString() === name);
  if (!found) throw new Error(`metadata has no pallet ${name}`);
  return found;
}

function variant(registry: TypeRegistry, typeId: number, name: string) {
  const found = registry.lookup.getSiType(typeId).def.asVariant.variants.find((v) => v.name.toString() === name);
  if (!found) throw new Error(`metadata has no variant ${name} in type ${typeId}`);
  return found;
}

/** `DispatchError::Module { index, error }` for `pallet.name`, as JSON for the registry. */
export function moduleError(registry: TypeRegistry, palletName: string, errorName: string): { Module: { index: number; error: number[] } } {
  const p = pallet(registry, palletName);
  if (p.errors.isNone) throw new Error(`pallet ${palletName} has no errors`);
  const v = variant(registry, p.errors.unwrap().type.toNumber(), errorName);
  return { Module: { index: p.index.toNumber(), error: [v.index.toNumber(), 0, 0, 0] } };
}

/** The SCALE bytes of one event: pallet index, event index, fields. */
function encodeEvent(registry: TypeRegistry, event: PalletEvent): Uint8Array {
  const p = pallet(registry, event.pallet);
  if (p.events.isNone) throw new Error(`pallet ${event.pallet} has no events`);
  const v = variant(registry, p.events.unwrap().type.toNumber(), event.name);
  if (v.fields.length !== event.fields.length) throw new Error(`${event.pallet}.${event.name} has ${v.fields.length} fields`);
  const fields = v.fields.map((f, i) => registry.createType(registry.createLookupType(f.type), event.fields[i]).toU8a());
  return u8aConcat([p.index.toNumber(), v.index.toNumber()], ...fields);
}

/** The event closing an extrinsic: ExtrinsicSuccess, or ExtrinsicFailed with its dispatch error. */
export function outcomeEvent(registry: TypeRegistry, failure: DispatchFailure | undefined): PalletEvent {
  if (!failure) return { pallet: 'System', name: 'ExtrinsicSuccess', fields: [NO_WEIGHT_INFO] };
  const dispatchError = typeof failure === 'string' ? { [failure]: null } : moduleError(registry, failure.pallet, failure.name);
  return { pallet: 'System', name: 'ExtrinsicFailed', fields: [dispatchError, NO_WEIGHT_INFO] };
}

/** `Vec<EventRecord>` as hex: phase, the event, no topics. */
export function encodeEventRecords(registry: TypeRegistry, records: readonly EventRecordInput[]): string {
  const encoded = records.map((r) => u8aConcat(encodePhase(r.phase), encodeEvent(registry, r.event), compactToU8a(0)));
  return u8aToHex(u8aConcat(compactToU8a(records.length), ...encoded));
}
