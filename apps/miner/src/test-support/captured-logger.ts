/** A real pino logger whose JSON lines are kept in memory, for tests that assert on what was logged. */
import { Writable } from 'node:stream';
import { createLogger } from '@horde/service';
import type { Logger } from '@horde/service';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: readonly LogLine[];
}

export function capturedLogger(level: 'debug' | 'info' = 'info'): CapturedLogger {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger({ name: 'miner-test', level, destination }), lines };
}
