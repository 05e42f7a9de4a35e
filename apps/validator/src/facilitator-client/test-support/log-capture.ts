/** A logger whose JSON lines are kept in memory, for tests that check what is (and is not) logged. */
import { Writable } from 'node:stream';
import { createLogger } from '@horde/service';
import type { Logger } from '@horde/service';

export function captureLogs(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ name: 'capture', level: 'debug', destination: sink }), lines };
}
