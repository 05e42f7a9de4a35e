import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as protocol from './index';
import { parseFrame, serializeFrame } from './index';
import { SAMPLES, UNIONS } from './test-support/samples';
import { fieldsOf, minimalOf, nullable, nullsOf, omittable } from './test-support/variants';

const schemaOf = (type: string): z.ZodType => (protocol as unknown as Record<string, z.ZodType>)[type] as z.ZodType;

function parseOk(union: z.ZodType, frame: unknown): Record<string, unknown> {
  const result = parseFrame(union, JSON.stringify(frame));
  if (!result.ok) throw result.error;
  return result.message as Record<string, unknown>;
}

describe.each(SAMPLES)('$type', ({ type, unions, full }) => {
  const schema = schemaOf(type);
  const fields = fieldsOf(schema);
  const variants = { full, minimal: minimalOf(schema, full), nulls: nullsOf(schema, full) };

  it('the full sample sets every field of the schema', () => {
    const expected = Object.keys(fields).filter((key) => !(type === 'Response' && key === 'message_type'));
    expect(Object.keys(full).sort()).toEqual(expected.sort());
  });

  it('the variants differ where the schema has optional fields', () => {
    const optional = Object.keys(full).filter((key) => omittable(fields[key] as z.ZodType));
    expect(Object.keys(variants.minimal)).toHaveLength(Object.keys(full).length - optional.length);
    for (const key of Object.keys(full)) {
      expect(variants.nulls[key] === null).toBe(nullable(fields[key] as z.ZodType));
    }
  });

  for (const unionName of unions) {
    const union = UNIONS[unionName];
    describe(unionName, () => {
      it.each(Object.entries(variants))('parses the %s variant and round-trips it', (_name, frame) => {
        const message = parseOk(union, frame);
        if (type !== 'Response') expect(message.message_type).toBe(type);
        const again = parseOk(union, JSON.parse(serializeFrame(union, message as never)));
        expect(again).toEqual(message);
      });

      it('keeps every value of the full variant', () => {
        const message = parseOk(union, full);
        expect(JSON.parse(serializeFrame(union, message as never))).toEqual(full);
      });

      it('keeps the required values of the minimal variant', () => {
        const message = parseOk(union, variants.minimal);
        for (const [key, value] of Object.entries(variants.minimal)) expect(message[key]).toEqual(value);
      });
    });
  }
});

describe('the unions', () => {
  const REFERENCE: Record<keyof typeof UNIONS, string[]> = {
    ValidatorToMinerMessage: [
      'GenericError',
      'ValidatorAuthForMiner',
      'V0InitialJobRequest',
      'V0JobRequest',
      'V0JobAcceptedReceiptRequest',
      'V0JobFinishedReceiptRequest',
      'V0MainHotkeyMessage',
    ],
    MinerToValidatorMessage: [
      'GenericError',
      'UnauthorizedError',
      'V0ExecutorManifestRequest',
      'V0MainHotkeyMessage',
      'V0AcceptJobRequest',
      'V0DeclineJobRequest',
      'V0ExecutorReadyRequest',
      'V0VolumesReadyRequest',
      'V0StreamingJobReadyRequest',
      'V0ExecutionDoneRequest',
      'V0MachineSpecsRequest',
      'V0JobFinishedRequest',
      'V0JobFailedRequest',
      'V0HordeFailedRequest',
      'V0ExecutorFailedRequest',
      'V0StreamingJobNotReadyRequest',
    ],
    MinerToExecutorMessage: ['GenericError', 'V0InitialJobRequest', 'V0JobRequest'],
    ExecutorToMinerMessage: [
      'GenericError',
      'V0ExecutorReadyRequest',
      'V0VolumesReadyRequest',
      'V0StreamingJobReadyRequest',
      'V0ExecutionDoneRequest',
      'V0MachineSpecsRequest',
      'V0JobFinishedRequest',
      'V0JobFailedRequest',
      'V0HordeFailedRequest',
      'V0ExecutorFailedRequest',
      'V0StreamingJobNotReadyRequest',
    ],
    // `Response` has no message_type: a frame without one resolves to it. HordeJobCancelRequest is
    // ours (beyond the reference), sent only to validators that announce the `cancel` feature.
    FacilitatorToValidatorMessage: ['V2JobRequest', 'V0JobCheated', 'HordeJobCancelRequest', undefined as unknown as string],
    ValidatorToFacilitatorMessage: ['V0AuthenticationRequest', 'V0JobStatusUpdate', 'V0Heartbeat', 'V0MachineSpecsUpdate'],
  };

  it.each(Object.entries(REFERENCE))('%s carries exactly the reference message types, each with a sample', (name, expected) => {
    const union = UNIONS[name as keyof typeof UNIONS];
    expect([...(union._zod.propValues?.message_type ?? [])].map(String).sort()).toEqual(expected.map(String).sort());
    const sampled = SAMPLES.filter((sample) => sample.unions.includes(name as keyof typeof UNIONS)).map((sample) => sample.type);
    expect(sampled.sort()).toEqual(expected.map((type) => type ?? 'Response').sort());
  });

  it.each(SAMPLES.flatMap((sample) => Object.keys(UNIONS).filter((name) => !sample.unions.includes(name as keyof typeof UNIONS)).map((name) => [sample.type, name] as const)))(
    '%s is refused by %s',
    (type, unionName) => {
      const sample = SAMPLES.find((s) => s.type === type);
      const result = parseFrame(UNIONS[unionName as keyof typeof UNIONS], JSON.stringify(sample?.full));
      expect(result.ok).toBe(false);
    },
  );
});
