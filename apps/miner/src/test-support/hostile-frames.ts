import fc from 'fast-check';
import { parseFrame } from '@horde/protocol';

/** One frame as a hostile peer would send it. */
export type HostileFrame = { readonly kind: 'text'; readonly data: string } | { readonly kind: 'binary'; readonly data: Uint8Array };

export interface HostileFrameOptions {
  /** The union the receiving end reads (the oracle: only frames it refuses are generated). */
  readonly inbound: Parameters<typeof parseFrame>[0];
  /** message_type values the channel carries. */
  readonly knownTypes: readonly string[];
  /** A valid frame, truncated at random points. */
  readonly sample: string;
  /** A known type whose other required fields are missing, for the huge-string frames. */
  readonly hugeType: string;
}

const notNull = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));

/**
 * Frames the receiving end must refuse with a GenericError, connection kept: random JSON values,
 * objects with unknown or missing `message_type`, known types whose fields have wrong types,
 * truncated JSON, strings of up to 2 MiB (well within the 50 MiB frame limit) and binary frames.
 * Every generated frame is checked against the protocol's own parser, so none is by chance valid
 * (nor the ignored keep-alive `PING`).
 */
export function hostileFrames(options: HostileFrameOptions): fc.Arbitrary<HostileFrame> {
  const text = (arb: fc.Arbitrary<string>) => arb.map((data): HostileFrame => ({ kind: 'text', data }));
  const unknownType = fc.string({ maxLength: 40 }).filter((type) => !options.knownTypes.includes(type));
  const wrongTypes = fc.record({
    message_type: fc.constantFrom(...options.knownTypes),
    // Every message of these channels requires one of these, as a string (or integer timestamp).
    job_uuid: notNull,
    main_hotkey: notNull,
    details: notNull,
    timestamp: fc.string(),
  });
  const frames = fc.oneof(
    { arbitrary: text(fc.json({ maxDepth: 3 })), weight: 4 },
    { arbitrary: text(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((value) => JSON.stringify(value))), weight: 2 },
    { arbitrary: text(fc.record({ message_type: unknownType, job_uuid: fc.uuid() }).map((value) => JSON.stringify(value))), weight: 3 },
    { arbitrary: text(wrongTypes.map((value) => JSON.stringify(value))), weight: 4 },
    { arbitrary: text(fc.nat({ max: options.sample.length - 1 }).map((end) => options.sample.slice(0, end))), weight: 3 },
    { arbitrary: text(fc.string({ unit: 'binary', maxLength: 200 })), weight: 2 },
    { arbitrary: text(fc.integer({ min: 64 * 1024, max: 2 * 1024 * 1024 }).map((size) => JSON.stringify({ message_type: options.hugeType, job_uuid: 'x'.repeat(size) }))), weight: 1 },
    { arbitrary: text(fc.integer({ min: 1024, max: 256 * 1024 }).map((size) => JSON.stringify({ message_type: 'Z'.repeat(size) }))), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((data): HostileFrame => ({ kind: 'binary', data })), weight: 3 },
  );
  return frames.filter((frame) => refused(frame, options.inbound));
}

function refused(frame: HostileFrame, inbound: HostileFrameOptions['inbound']): boolean {
  const text = frame.kind === 'text' ? frame.data : Buffer.from(frame.data).toString('utf8');
  return text !== 'PING' && !parseFrame(inbound, frame.data).ok;
}
