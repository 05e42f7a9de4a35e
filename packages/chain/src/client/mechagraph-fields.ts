/**
 * Field indexes for `get_selective_mechagraph`: index i asks for the i-th field of the
 * `SelectiveMetagraph` struct. Read from the chain's own metadata so a runtime that reorders or
 * drops a field is caught (CHAIN_RUNTIME_UNSUPPORTED) instead of mis-decoded.
 */
import type { ApiPromise } from '@polkadot/api';
import { stringCamelCase } from '@polkadot/util';
import { chainErrors } from '../errors';
import type { RuntimeApiMethod } from './runtime-api';

function structFieldNames(api: ApiPromise, m: RuntimeApiMethod): string[] {
  const { lookup } = api.registry;
  const option = lookup.getSiType(m.output).def;
  const some = option.isVariant ? option.asVariant.variants.find((v) => v.name.toString() === 'Some') : undefined;
  const inner = some?.fields[0];
  const struct = inner ? lookup.getSiType(inner.type).def : undefined;
  if (!struct?.isComposite) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `${m.api}.${m.method} does not return Option<struct>`);
  return struct.asComposite.fields.map((f) => stringCamelCase(f.name.unwrapOr('').toString()));
}

/** The indexes of `names` (camelCase, as our parsers read them), sorted; netuid (0) is always included. */
export function mechagraphFieldIndexes(api: ApiPromise, m: RuntimeApiMethod, names: readonly string[]): number[] {
  const fields = structFieldNames(api, m);
  const indexes = new Set<number>([0]);
  for (const name of names) {
    const i = fields.indexOf(name);
    if (i < 0) throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `${m.api}.${m.method} has no field ${name}`);
    indexes.add(i);
  }
  return [...indexes].sort((a, b) => a - b);
}
