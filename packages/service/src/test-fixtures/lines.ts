import { Writable } from 'node:stream';

/** A log destination that keeps every written line, for asserting on log output. */
export function lineCollector(): { stream: Writable; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { stream, lines, text: () => lines.join('') };
}
