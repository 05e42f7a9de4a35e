/**
 * Before any signature: the connected runtime must offer the calls a writer will build and carry
 * only transaction extensions we know how to fill. polkadot-js treats an unknown extension as empty
 * and would sign a payload the node rejects (or, worse, one meaning something else), so an unknown
 * extension with a non-empty extra or signed payload is refused here.
 */
import type { ApiPromise } from '@polkadot/api';
import { chainErrors } from '../errors';
import { unsupportedCalls, WRITE_CALLS } from '../extrinsics/calls';
import type { WriteCallName } from '../extrinsics/calls';
import { SUBTENSOR_SIGNED_EXTENSIONS } from './connect';

/** Substrate's extensions polkadot-js fills itself (spec 343 carries all of them). */
const SUBSTRATE_EXTENSIONS = [
  'CheckNonZeroSender',
  'CheckSpecVersion',
  'CheckTxVersion',
  'CheckGenesis',
  'CheckMortality',
  'CheckNonce',
  'CheckWeight',
  'ChargeTransactionPayment',
  'CheckMetadataHash',
] as const;

export const KNOWN_SIGNED_EXTENSIONS: readonly string[] = [...SUBSTRATE_EXTENSIONS, ...Object.keys(SUBTENSOR_SIGNED_EXTENSIONS)];

type Registry = ApiPromise['registry'];

/** A lookup type that encodes to nothing: `()` or a struct without fields. */
function isEmptyType(registry: Registry, id: number): boolean {
  const { def } = registry.lookup.getSiType(id);
  if (def.isTuple) return def.asTuple.length === 0;
  if (def.isComposite) return def.asComposite.fields.length === 0;
  return false;
}

/** Each extension of the runtime with its extra (in the extrinsic) and implicit (signed only) types. */
function transactionExtensions(api: ApiPromise): { name: string; extra: number; implicit: number }[] {
  const metadata = api.runtimeMetadata;
  // polkadot-js converts V15 to V16 without the implicit types; read the runtime's own version.
  if (metadata.version === 15) {
    return metadata.asV15.extrinsic.signedExtensions.map((e) => ({ name: e.identifier.toString(), extra: e.type.toNumber(), implicit: e.additionalSigned.toNumber() }));
  }
  return metadata.asLatest.extrinsic.transactionExtensions.map((e) => ({ name: e.identifier.toString(), extra: e.type.toNumber(), implicit: e.implicit.toNumber() }));
}

/** Extensions of the runtime we cannot fill: not in `known` and not empty. */
export function unknownSignedExtensions(api: ApiPromise, known: readonly string[] = KNOWN_SIGNED_EXTENSIONS): string[] {
  const registry = api.registry;
  return transactionExtensions(api)
    .filter((ext) => !known.includes(ext.name))
    .filter((ext) => !isEmptyType(registry, ext.extra) || !isEmptyType(registry, ext.implicit))
    .map((ext) => ext.name);
}

/** Throws CHAIN_RUNTIME_UNSUPPORTED naming every missing call and unknown extension. */
export function assertCanSign(api: ApiPromise, calls: readonly WriteCallName[] = WRITE_CALLS.map((c) => c.method)): void {
  const wanted = WRITE_CALLS.filter((c) => calls.includes(c.method));
  const missing = unsupportedCalls(api, wanted);
  const extensions = unknownSignedExtensions(api);
  if (missing.length === 0 && extensions.length === 0) return;
  const parts = [
    ...(missing.length > 0 ? [`calls missing or reshaped: ${missing.join(', ')}`] : []),
    ...(extensions.length > 0 ? [`unknown transaction extensions: ${extensions.join(', ')}`] : []),
  ];
  throw chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `refusing to sign: ${parts.join('; ')}`, {
    context: { specVersion: api.runtimeVersion.specVersion.toNumber(), missing, extensions },
  });
}
