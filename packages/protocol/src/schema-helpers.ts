/** Small building blocks shared by the message schemas. */
import { z } from 'zod';

/**
 * A field the reference declares with a default: it may be omitted or `null` on the wire and is
 * always present after parsing. `fallback` builds a fresh default each time (no shared arrays).
 */
export function withDefault<S extends z.ZodType>(schema: S, fallback: () => z.output<S>) {
  return schema.nullish().transform((value): z.output<S> => value ?? fallback());
}

/** A duration in whole seconds; a negative one is refused (the reference accepts any int). */
export const Seconds = z.number().int().nonnegative();

/** A TCP port. */
export const Port = z.number().int().min(0).max(65_535);
