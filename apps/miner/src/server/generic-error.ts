import { HordeError } from '@horde/protocol';
import type { GenericError } from '@horde/protocol';

/**
 * The GenericError a peer gets for a typed error: `details` is `"<CODE>: <message>"`, so that our
 * own clients can branch on the code and reference peers still read the reference's wording.
 * Anything that is not a HordeError is reported as INTERNAL without its text (it may hold data).
 */
export function genericError(error: unknown): GenericError {
  if (error instanceof HordeError) return { message_type: 'GenericError', details: `${error.code}: ${error.message}` };
  return { message_type: 'GenericError', details: 'INTERNAL: Internal miner error' };
}

