/** Messages every channel carries. */
import { z } from 'zod';

/** A free-text error; the answer to a malformed or unexpected frame. Carried in every direction. */
export const GenericError = z.object({
  message_type: z.literal('GenericError'),
  details: z.string().nullish(),
});
export type GenericError = z.infer<typeof GenericError>;
