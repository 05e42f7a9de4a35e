/** Derives the minimal and the null-for-optional variants of a frame from its schema's fields. */
import { z } from 'zod';

/** The field schemas of an object schema, or of the object a transform starts from. */
export function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  throw new Error('not an object schema');
}

/** Field may be left out of a frame (optional or defaulted). */
export const omittable = (field: z.ZodType): boolean => field.safeParse(undefined).success;
/** Field may be `null` on the wire. */
export const nullable = (field: z.ZodType): boolean => field.safeParse(null).success;

/** Only the required fields of `full`. */
export function minimalOf(schema: z.ZodType, full: Record<string, unknown>): Record<string, unknown> {
  const fields = fieldsOf(schema);
  return Object.fromEntries(Object.entries(full).filter(([key]) => !omittable(fields[key] as z.ZodType)));
}

/** `full` with every field that may be `null` set to `null`. */
export function nullsOf(schema: z.ZodType, full: Record<string, unknown>): Record<string, unknown> {
  const fields = fieldsOf(schema);
  return Object.fromEntries(Object.entries(full).map(([key, value]) => [key, nullable(fields[key] as z.ZodType) ? null : value]));
}
