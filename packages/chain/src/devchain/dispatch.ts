/**
 * Applies an included extrinsic's call to the chain state with subtensor's rules, as the runtime
 * would: every call either changes the state and succeeds, or changes nothing and fails with the
 * module error the runtime raises (names exactly as in the metadata) or BadOrigin.
 */
import type { TypeRegistry } from '@polkadot/types';
import type { Extrinsic } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { serveAxon } from './dispatch-axon';
import { setCommitment } from './dispatch-commitments';
import { commitTimelockedWeights, commitWeights, revealWeights, setWeights } from './dispatch-weights';
import type { CallArgs, CallHandler, DispatchContext } from './dispatch-context';
import type { DispatchFailure } from './events';

const HANDLERS: Readonly<Record<string, CallHandler>> = {
  'SubtensorModule.serve_axon': serveAxon,
  'SubtensorModule.set_weights': setWeights,
  'SubtensorModule.commit_weights': commitWeights,
  'SubtensorModule.reveal_weights': revealWeights,
  'SubtensorModule.commit_timelocked_weights': commitTimelockedWeights,
  'Commitments.set_commitment': setCommitment,
};

export interface DecodedCall {
  /** Pallet name as in the metadata (`SubtensorModule`). */
  pallet: string;
  /** Call name as in the metadata (`serve_axon`). */
  call: string;
  args: CallArgs;
}

/** The call's field names as the metadata spells them (polkadot-js camelCases `meta.args`). */
function fieldNames(registry: TypeRegistry, palletIndex: number, callIndex: number): string[] | undefined {
  const pallet = registry.metadata.pallets.find((p) => p.index.toNumber() === palletIndex);
  if (!pallet || pallet.calls.isNone) return undefined;
  const variant = registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants.find((v) => v.index.toNumber() === callIndex);
  return variant?.fields.map((f) => f.name.unwrapOr('').toString());
}

export function decodeCall(registry: TypeRegistry, method: Extrinsic['method']): DecodedCall {
  const [palletIndex = 0, callIndex = 0] = method.callIndex;
  const pallet = registry.metadata.pallets.find((p) => p.index.toNumber() === palletIndex)?.name.toString() ?? `#${palletIndex}`;
  const names = fieldNames(registry, palletIndex, callIndex) ?? method.meta.args.map((a) => a.name.toString());
  const args = Object.fromEntries(names.map((name, i) => [name, method.args[i] as Codec]));
  return { pallet, call: method.meta.name.toString(), args };
}

/**
 * Runs the call. Calls the devchain does not model fail with BadOrigin (most other subtensor calls
 * need a coldkey, sudo or root origin that a hotkey does not have), never with a crash.
 */
export function dispatch(ctx: DispatchContext, call: DecodedCall): DispatchFailure | undefined {
  const handler = HANDLERS[`${call.pallet}.${call.call}`];
  if (!handler) return 'BadOrigin';
  try {
    return handler(ctx, call.args);
  } catch {
    // Handlers change the state only once every check passed, so a throw leaves it untouched.
    return 'Other';
  }
}
