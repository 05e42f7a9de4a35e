import { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainErrors } from '../errors';
import { FakeProvider } from '../test-support/fake-provider';
import { fromDispatchError, mappedDispatchErrors, txError, txErrorCode } from './tx-errors';

let api: ApiPromise;

beforeAll(async () => {
  api = await new ApiPromise({ provider: new FakeProvider(), noInitWarn: true }).isReadyOrError;
});

afterAll(async () => {
  await api.disconnect();
});

/** Error names of a pallet, read from the runtime metadata. */
function errorNames(pallet: string): string[] {
  const meta = api.registry.metadata.pallets.find((p) => p.name.toString() === pallet);
  const type = meta?.errors.unwrap().type;
  if (!type) throw new Error(`no errors for ${pallet}`);
  return api.registry.lookup.getSiType(type).def.asVariant.variants.map((v) => v.name.toString());
}

describe('transaction error mapping', () => {
  it('maps subtensor module errors by name', () => {
    const m = (name: string) => txErrorCode({ kind: 'module', pallet: 'SubtensorModule', name });
    expect(m('SettingWeightsTooFast')).toBe('TX_RATE_LIMITED');
    expect(m('ServingRateLimitExceeded')).toBe('TX_RATE_LIMITED');
    expect(m('HotKeyNotRegisteredInSubNet')).toBe('TX_NOT_REGISTERED');
    expect(m('CommitRevealEnabled')).toBe('TX_COMMIT_REVEAL_ENABLED');
    expect(m('RevealTooEarly')).toBe('TX_REVEAL_TOO_EARLY');
    expect(m('ExpiredWeightCommit')).toBe('TX_COMMIT_EXPIRED');
    expect(m('NeuronNoValidatorPermit')).toBe('TX_NO_VALIDATOR_PERMIT');
    expect(m('IncorrectWeightVersionKey')).toBe('TX_WEIGHT_VERSION_KEY');
    expect(m('InvalidIpAddress')).toBe('TX_AXON_INVALID');
    expect(m('SomethingNew')).toBe('TX_FAILED');
  });

  it('accepts pallet names as metadata or polkadot-js spell them, and keeps pallets apart', () => {
    expect(txErrorCode({ kind: 'module', pallet: 'subtensorModule', name: 'DuplicateUids' })).toBe('TX_WEIGHTS_INVALID');
    expect(txErrorCode({ kind: 'module', pallet: 'commitments', name: 'AccountNotAllowedCommit' })).toBe('TX_NOT_REGISTERED');
    expect(txErrorCode({ kind: 'module', pallet: 'Balances', name: 'CommitRevealEnabled' })).toBe('TX_FAILED');
    expect(txErrorCode({ kind: 'badOrigin' })).toBe('TX_BAD_ORIGIN');
    expect(txErrorCode({ kind: 'other', detail: 'Exhausted' })).toBe('TX_FAILED');
  });

  it('builds errors the chain catalog recognises', () => {
    const err = txError({ kind: 'module', pallet: 'SubtensorModule', name: 'NeuronNoValidatorPermit' });
    expect(chainErrors.is(err, 'TX_NO_VALIDATOR_PERMIT')).toBe(true);
    expect(chainErrors.is(err, 'TX_RATE_LIMITED')).toBe(false);
  });

  it('maps pool rejections InvalidTransaction::Custom(n) by subtensor number', () => {
    expect(txErrorCode({ kind: 'customInvalid', custom: 6 })).toBe('TX_RATE_LIMITED');
    expect(txErrorCode({ kind: 'customInvalid', custom: 10 })).toBe('TX_NOT_REGISTERED');
    expect(txErrorCode({ kind: 'customInvalid', custom: 12 })).toBe('TX_RATE_LIMITED');
    expect(txErrorCode({ kind: 'customInvalid', custom: 255 })).toBe('TX_INVALID');
    expect(txError({ kind: 'customInvalid', custom: 6 })).toMatchObject({ retryable: true, context: { custom: 6 } });
  });

  it('only names errors that the spec-343 runtime really has', () => {
    const mapped = mappedDispatchErrors();
    expect(mapped.length).toBeGreaterThan(30);
    for (const { pallet, name } of mapped) expect(errorNames(pallet), `${pallet}.${name}`).toContain(name);
  });

  it('resolves a real DispatchError through the metadata, by index as the chain reports it', () => {
    const names = errorNames('SubtensorModule');
    const index = api.registry.metadata.pallets.find((p) => p.name.toString() === 'SubtensorModule')?.index.toNumber();
    const errorIndex = names.indexOf('SettingWeightsTooFast');
    const dispatchError = api.registry.createType('DispatchError', { Module: { index, error: [errorIndex, 0, 0, 0] } }) as unknown as Parameters<typeof fromDispatchError>[1];
    const like = fromDispatchError(api.registry, dispatchError);
    expect(like).toMatchObject({ kind: 'module', pallet: 'subtensorModule', name: 'SettingWeightsTooFast' });
    const err = txError(like);
    expect(err).toMatchObject({ code: 'TX_RATE_LIMITED', catalog: 'chain', retryable: true, context: { error: 'SettingWeightsTooFast' } });
    const badOrigin = api.registry.createType('DispatchError', { BadOrigin: null }) as unknown as Parameters<typeof fromDispatchError>[1];
    expect(txError(fromDispatchError(api.registry, badOrigin)).code).toBe('TX_BAD_ORIGIN');
  });
});
