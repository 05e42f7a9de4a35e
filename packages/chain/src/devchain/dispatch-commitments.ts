/** `Commitments.set_commitment`: only a hotkey registered on the netuid may commit; the info is stored with its block. */
import { hexToU8a, isHex, u8aConcat, u8aToHex } from '@polkadot/util';
import { moduleFailure, num } from './dispatch-context';
import type { CallHandler } from './dispatch-context';

const RAW_VARIANT = /^(raw\d+|bigRaw)$/i;

/** The raw fields' bytes in order (hash fields carry no data of their own). */
function rawBytes(fields: unknown[]): string {
  const parts = fields.flatMap((field) =>
    typeof field === 'object' && field !== null ? Object.entries(field).flatMap(([variant, data]) => (RAW_VARIANT.test(variant) && isHex(data) ? [hexToU8a(data)] : [])) : [],
  );
  return u8aToHex(u8aConcat(...parts));
}

export const setCommitment: CallHandler = (ctx, args) => {
  const { state, block, signer } = ctx;
  const netuid = num(args['netuid']);
  if (netuid !== state.subnet.netuid || state.uidOf(signer) === undefined) return moduleFailure('Commitments', 'AccountNotAllowedCommit');
  const info = args['info']?.toJSON() as { fields?: unknown[] } | undefined;
  const fields = info?.fields ?? [];
  if (fields.length > ctx.maxCommitmentFields) return moduleFailure('Commitments', 'TooManyFieldsInCommitmentInfo');
  state.commitments.set(signer, { block, info, data: rawBytes(fields) });
  ctx.emit({ pallet: 'Commitments', name: 'Commitment', fields: [netuid, signer] });
  return undefined;
};
