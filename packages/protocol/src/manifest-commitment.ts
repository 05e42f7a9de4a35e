/**
 * Executor manifests in on-chain knowledge commitments (reference: `compute_horde/manifest_utils.py`).
 * Format: an envelope `<M:A3;S2>` — one commitment letter plus count per class, sorted by letter,
 * joined by `;` — appended to whatever else the commitment holds; at most 128 bytes in all.
 */
import { protocolErrors } from './errors-protocol';
import { EXECUTOR_CLASSES } from './executor-classes';

/** Limit for the whole commitment (other data plus envelope), in UTF-8 bytes. */
export const MAX_MANIFEST_COMMITMENT_BYTES = 128;

const ENVELOPE = /<M:([^>]*)>/;
const ENVELOPES = /<M:[^>]*>/g;
const PAIR = /^([A-Z])(\d+)$/;

const CODE_BY_CLASS: ReadonlyMap<string, string> = new Map(
  EXECUTOR_CLASSES.flatMap((spec) => (spec.commitmentCode ? [[spec.name, spec.commitmentCode] as const] : [])),
);
const CLASS_BY_CODE: ReadonlyMap<string, string> = new Map([...CODE_BY_CLASS].map(([name, code]) => [code, name]));

/**
 * The envelope for a manifest, e.g. `{ 'spin_up-4min.gpu-24gb': 2, 'always_on.gpu-24gb': 3 }` →
 * `<M:A3;S2>`. Classes without a commitment letter cannot be expressed and are left out; an empty
 * manifest gives `<M:>` (the reference's "paused"). Throws MANIFEST_COMMITMENT_TOO_LARGE over 128 bytes.
 */
export function encodeManifestCommitment(manifest: Readonly<Record<string, number>>): string {
  const pairs = Object.entries(manifest)
    .flatMap(([name, count]) => {
      const code = CODE_BY_CLASS.get(name);
      return code === undefined ? [] : [[code, count] as const];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, count]) => `${code}${count}`);
  return checkSize(`<M:${pairs.join(';')}>`);
}

/**
 * The manifest in the first envelope of a raw commitment; `{}` when there is none. Like the
 * reference, malformed pairs and unknown letters are skipped.
 */
export function decodeManifestCommitment(rawCommitment: string): Record<string, number> {
  const payload = ENVELOPE.exec(rawCommitment)?.[1] ?? '';
  const manifest: Record<string, number> = {};
  for (const fragment of payload.split(';')) {
    const match = PAIR.exec(fragment.trim());
    const name = match ? CLASS_BY_CODE.get(match[1] as string) : undefined;
    const count = match ? Number(match[2]) : NaN;
    if (name !== undefined && Number.isSafeInteger(count)) manifest[name] = count;
  }
  return manifest;
}

/**
 * Replaces the manifest envelope of an existing commitment (keeping its other data) with the one
 * for `manifest`; the envelope always goes last. Throws MANIFEST_COMMITMENT_TOO_LARGE over 128 bytes.
 */
export function mergeManifestCommitment(rawCommitment: string, manifest: Readonly<Record<string, number>>): string {
  const otherData = rawCommitment.replaceAll(ENVELOPES, '').trim();
  return checkSize(otherData + encodeManifestCommitment(manifest));
}

function checkSize(commitment: string): string {
  const bytes = Buffer.byteLength(commitment, 'utf8');
  if (bytes > MAX_MANIFEST_COMMITMENT_BYTES) {
    throw protocolErrors.error('MANIFEST_COMMITMENT_TOO_LARGE', `${bytes} bytes > ${MAX_MANIFEST_COMMITMENT_BYTES}`, {
      context: { bytes, maxBytes: MAX_MANIFEST_COMMITMENT_BYTES },
    });
  }
  return commitment;
}
