/** Arbitrary JSON (the reference's `JsonValue`), e.g. failure `context` dicts. */
import { z } from 'zod';

/** Big integers arrive as `bigint` (see `json-text.ts`), so they are JSON values too. */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.bigint(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/** The reference's `FailureContext`: a JSON object with free-form details of a failure. */
export const FailureContext = z.record(z.string(), JsonValue);
export type FailureContext = z.infer<typeof FailureContext>;
