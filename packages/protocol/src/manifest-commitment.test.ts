import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXECUTOR_CLASSES,
  MAX_MANIFEST_COMMITMENT_BYTES,
  decodeManifestCommitment,
  encodeManifestCommitment,
  mergeManifestCommitment,
  protocolErrors,
} from './index';

const committable = EXECUTOR_CLASSES.filter((spec) => spec.commitmentCode).map((spec) => spec.name);

describe('manifest commitments', () => {
  it('encodes as <M:...> sorted by code', () => {
    expect(encodeManifestCommitment({ 'spin_up-4min.gpu-24gb': 2, 'always_on.gpu-24gb': 3 })).toBe('<M:A3;S2>');
    expect(encodeManifestCommitment({ 'always_on.test': 1, 'always_on.cpu.8c.16gb': 0, 'always_on.llm.a6000': 2 })).toBe('<M:C0;L2;T1>');
  });

  it('encodes an empty manifest as the "paused" envelope and leaves out classes without a code', () => {
    expect(encodeManifestCommitment({})).toBe('<M:>');
    expect(encodeManifestCommitment({ 'always_on.gpu.a100': 4, 'always_on.test': 1 })).toBe('<M:T1>');
  });

  it('round-trips every manifest of committable classes', () => {
    const manifest = fc.dictionary(fc.constantFrom(...committable), fc.nat({ max: 10_000 }), { noNullPrototype: true });
    fc.assert(
      fc.property(manifest, (m) => {
        expect(decodeManifestCommitment(encodeManifestCommitment(m))).toEqual(m);
      }),
    );
  });

  it('decodes the envelope out of other commitment data, skipping what it cannot read', () => {
    expect(decodeManifestCommitment('{"contract":{"address":"0xabc"}}<M:A3;S2>')).toEqual({ 'always_on.gpu-24gb': 3, 'spin_up-4min.gpu-24gb': 2 });
    expect(decodeManifestCommitment('<M: A3 ;Z9;S;Lx;T-1;C4>')).toEqual({ 'always_on.gpu-24gb': 3, 'always_on.cpu.8c.16gb': 4 });
    expect(decodeManifestCommitment('no envelope here')).toEqual({});
    expect(decodeManifestCommitment('<M:>')).toEqual({});
  });

  it('merges: keeps other data, replaces the old envelope, appends the new one last', () => {
    expect(mergeManifestCommitment('', { 'always_on.test': 2 })).toBe('<M:T2>');
    expect(mergeManifestCommitment('hello<M:S9> world', { 'always_on.test': 2 })).toBe('hello world<M:T2>');
  });

  it('refuses commitments over 128 bytes with a typed error', () => {
    const other = 'x'.repeat(MAX_MANIFEST_COMMITMENT_BYTES - '<M:>'.length);
    expect(mergeManifestCommitment(other, {})).toHaveLength(MAX_MANIFEST_COMMITMENT_BYTES);
    expect(() => mergeManifestCommitment(other, { 'always_on.test': 10 })).toThrowError(
      expect.objectContaining({ code: 'MANIFEST_COMMITMENT_TOO_LARGE', catalog: protocolErrors.name }),
    );
  });
});
