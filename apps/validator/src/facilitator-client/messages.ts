/**
 * The facilitator channel as the validator reads it. The reference facilitator's `Response` has no
 * `message_type` on the wire; the transform names it so that typed-socket handlers can dispatch on it.
 */
import { z } from 'zod';
import { HordeJobCancelRequest, Response, V0JobCheated, V2JobRequest } from '@horde/protocol';

export const FacilitatorInbound = z.union([
  V2JobRequest,
  V0JobCheated,
  HordeJobCancelRequest,
  Response.transform((response) => ({ ...response, message_type: 'Response' as const })),
]);
export type FacilitatorInbound = z.output<typeof FacilitatorInbound>;
