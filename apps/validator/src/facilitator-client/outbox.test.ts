import { describe, expect, it } from 'vitest';
import type { JobStatus, V0JobStatusUpdate } from '@horde/protocol';
import { StatusOutbox } from './outbox';

const update = (uuid: string, status: JobStatus): V0JobStatusUpdate => ({ message_type: 'V0JobStatusUpdate', uuid, status });

function drain(outbox: StatusOutbox): string[] {
  const sent: string[] = [];
  outbox.flush((next) => {
    sent.push(`${next.uuid}:${next.status}`);
    return true;
  });
  return sent;
}

describe('StatusOutbox', () => {
  it('takes each (uuid, status) once and sends in order', () => {
    const outbox = new StatusOutbox();
    expect(outbox.push(update('a', 'received'))).toBe(true);
    expect(outbox.push(update('a', 'received'))).toBe(false);
    expect(outbox.push(update('b', 'received'))).toBe(true);
    expect(outbox.push(update('a', 'accepted'))).toBe(true);
    expect(drain(outbox)).toEqual(['a:received', 'b:received', 'a:accepted']);
    expect(outbox.size).toEqual({ pending: 0, inFlight: 3 });
  });

  it('sends unacknowledged updates again first after a reconnect', () => {
    const outbox = new StatusOutbox();
    outbox.push(update('a', 'received'));
    outbox.push(update('a', 'accepted'));
    drain(outbox);
    outbox.acknowledge();
    outbox.push(update('a', 'completed'));
    outbox.requeueInFlight();
    expect(drain(outbox)).toEqual(['a:accepted', 'a:completed']);
  });

  it('keeps an update that met a closed socket first in line', () => {
    const outbox = new StatusOutbox();
    outbox.push(update('a', 'received'));
    outbox.push(update('a', 'accepted'));
    expect(() =>
      outbox.flush(() => {
        throw new Error('closed');
      }),
    ).toThrow('closed');
    expect(drain(outbox)).toEqual(['a:received', 'a:accepted']);
  });

  it('drops an update the socket can never send', () => {
    const outbox = new StatusOutbox();
    outbox.push(update('a', 'received'));
    outbox.flush(() => false);
    expect(outbox.size).toEqual({ pending: 0, inFlight: 0 });
  });

  it('forgets a job once its terminal status is acknowledged', () => {
    const outbox = new StatusOutbox();
    outbox.push(update('a', 'completed'));
    drain(outbox);
    outbox.acknowledge();
    expect(outbox.push(update('a', 'completed'))).toBe(true);
  });
});
