/** Streaming jobs (reference: `compute_horde_core/streaming.py`). */
import { z } from 'zod';

/**
 * `public_key` is the user's client certificate (PEM) that the executor's TLS proxy will require;
 * `executor_ip` is filled in by the miner before it forwards the request to the executor.
 */
export const StreamingDetails = z.object({
  public_key: z.string(),
  executor_ip: z.string().nullish(),
});
export type StreamingDetails = z.infer<typeof StreamingDetails>;
