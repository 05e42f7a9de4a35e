/** HTTP handlers for the data-plane tests (test-only): they stream like real servers do. */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Streams `total` bytes (no Content-Length) in 64 KiB chunks, honouring back-pressure, and stops
 * as soon as the client goes away. Resolves with the bytes it managed to write.
 */
export async function streamBytes(response: ServerResponse, total: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 7);
  response.writeHead(200, { 'content-type': 'application/octet-stream' });
  let sent = 0;
  const closed = once(response, 'close');
  while (sent < total && !response.destroyed) {
    const ok = response.write(chunk);
    sent += chunk.length;
    if (!ok) await Promise.race([once(response, 'drain'), closed]);
  }
  response.end();
  return sent;
}
