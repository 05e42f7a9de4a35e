import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainErrors } from '../errors';
import { FakeProvider } from '../test-support/fake-provider';
import { createChainClient } from './chain-client';
import type { ChainClient } from './chain-client';
import { assertCanSign, KNOWN_SIGNED_EXTENSIONS, unknownSignedExtensions } from './signing-check';

describe('signing check on the recorded spec-343 runtime', () => {
  let chain: ChainClient;
  beforeAll(async () => {
    chain = await createChainClient({ endpoint: 'finney', provider: new FakeProvider() });
  });
  afterAll(() => chain.close());

  it('knows every transaction extension of spec 343 and finds every call it builds', () => {
    expect(unknownSignedExtensions(chain.api)).toEqual([]);
    expect(() => assertCanSign(chain.api)).not.toThrow();
  });

  it('an unknown extension with a payload is refused; an unknown empty one is harmless', () => {
    const withoutNonce = KNOWN_SIGNED_EXTENSIONS.filter((e) => e !== 'CheckNonce' && e !== 'DrandPriority');
    // CheckNonce carries Compact<u32>; DrandPriority carries nothing.
    expect(unknownSignedExtensions(chain.api, withoutNonce)).toEqual(['CheckNonce']);
  });

  it('a writer asked for a call the runtime lacks is refused before anything is signed', () => {
    const tx = chain.api.tx as unknown as Record<string, Record<string, unknown>>;
    const module = tx['subtensorModule'] as Record<string, unknown>;
    const saved = module['serveAxon'];
    delete module['serveAxon'];
    try {
      let caught: unknown;
      try {
        chain.writer(chain.api.registry.createType('AccountId', new Uint8Array(32)) as never, { calls: ['serveAxon'] });
      } catch (err) {
        caught = err;
      }
      expect(chainErrors.is(caught, 'CHAIN_RUNTIME_UNSUPPORTED')).toBe(true);
      expect(String((caught as Error).message)).toContain('subtensorModule.serveAxon');
      // Calls not asked for do not matter.
      expect(() => assertCanSign(chain.api, ['setCommitment'])).not.toThrow();
    } finally {
      module['serveAxon'] = saved;
    }
  });
});
