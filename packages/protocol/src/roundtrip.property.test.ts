import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidatorToMinerMessage, parseFrame, protocolErrors, serializeFrame } from './index';
import { MESSAGES } from './test-support/arbitraries';
import { SAMPLES, UNIONS } from './test-support/samples';

const RUNS = 200;

describe('parse(serialize(x)) gives back x', () => {
  it('has an arbitrary for every message type', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(SAMPLES.map((sample) => sample.type).sort());
  });

  for (const sample of SAMPLES) {
    const arbitrary = MESSAGES[sample.type as keyof typeof MESSAGES] as fc.Arbitrary<unknown>;
    for (const unionName of sample.unions) {
      const union = UNIONS[unionName];
      it(`${sample.type} through ${unionName}`, () => {
        fc.assert(
          fc.property(arbitrary, (message) => {
            const result = parseFrame(union, serializeFrame(union, message as never));
            if (!result.ok) throw result.error;
            expect(result.message).toEqual(message);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});

describe('parseFrame on junk never throws and always names a catalog code', () => {
  const expectTypedFailure = (raw: unknown) => {
    const result = parseFrame(ValidatorToMinerMessage, raw);
    // Random fields can happen to form a valid message (e.g. V0MainHotkeyMessage has no required
    // field); then it must really be one: our own serializer accepts it.
    if (result.ok) {
      expect(() => serializeFrame(ValidatorToMinerMessage, result.message)).not.toThrow();
      return;
    }
    expect(protocolErrors.codes).toContain(result.error.code);
    expect(protocolErrors.is(result.error)).toBe(true);
  };

  it('random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), expectTypedFailure), { numRuns: 1000 });
  });

  it('random JSON values as text and as parsed values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectTypedFailure(JSON.stringify(value));
        expectTypedFailure(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('random objects with a real message_type and random fields', () => {
    const messageType = fc.constantFrom(...Object.keys(MESSAGES));
    fc.assert(
      fc.property(messageType, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }), (type, fields) => {
        expectTypedFailure(JSON.stringify({ ...fields, message_type: type }));
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => expectTypedFailure(Buffer.from(bytes))), { numRuns: 500 });
  });
});
