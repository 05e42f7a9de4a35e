import fc from 'fast-check';
import { parseFrame } from '@horde/protocol';

type Union = Parameters<typeof parseFrame>[0];

const VALIDATOR_TYPES = ['V0AuthenticationRequest', 'V0JobStatusUpdate', 'V0Heartbeat', 'V0MachineSpecsUpdate'];

/**
 * Text frames a hostile validator could send, each refused by the channel's own parser (so none is
 * valid by chance, nor the ignored `PING`): random JSON, unknown or missing `message_type`, known
 * types with fields of the wrong type, truncated JSON, huge strings and random text.
 */
export function hostileFrames(inbound: Union): fc.Arbitrary<string> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
  const sample = JSON.stringify({ message_type: 'V0JobStatusUpdate', uuid: '00000000-0000-4000-8000-000000000000', status: 'accepted', metadata: null });
  const frames = fc.oneof(
    { arbitrary: fc.json({ maxDepth: 3 }), weight: 4 },
    { arbitrary: fc.record({ message_type: fc.string({ maxLength: 40 }).filter((t) => !VALIDATOR_TYPES.includes(t)), uuid: fc.uuid() }).map((v) => JSON.stringify(v)), weight: 3 },
    {
      arbitrary: fc
        .record({ message_type: fc.constantFrom(...VALIDATOR_TYPES.filter((t) => t !== 'V0Heartbeat')), uuid: notString, status: notString, public_key: notString, signature: notString, metadata: fc.constant('x'), specs: fc.constant(3) })
        .map((v) => JSON.stringify(v)),
      weight: 4,
    },
    { arbitrary: fc.nat({ max: sample.length - 2 }).map((end) => sample.slice(0, end)), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
    { arbitrary: fc.integer({ min: 64 * 1024, max: 1024 * 1024 }).map((size) => JSON.stringify({ message_type: 'V0JobStatusUpdate', uuid: 'x'.repeat(size) })), weight: 1 },
  );
  return frames.filter((text) => text !== 'PING' && !parseFrame(inbound, text).ok);
}
