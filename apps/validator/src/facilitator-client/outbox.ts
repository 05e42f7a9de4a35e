/**
 * Status updates on their way to the facilitator. Nothing accepted is lost: updates wait here while
 * the client is disconnected, and a sent update stays "in flight" until the facilitator's `Response`
 * acknowledges it (the facilitator answers each V0JobStatusUpdate in order, success or error). When
 * a connection drops, what was in flight is sent again first, so delivery is at least once; the
 * facilitator stores one row per (job, status) and answers a repeat with an integrity error.
 *
 * A (uuid, status) pair is taken once: the bus may deliver an update we already queued ourselves.
 */
import { isTerminalJobStatus } from '@horde/protocol';
import type { V0JobStatusUpdate } from '@horde/protocol';

export class StatusOutbox {
  private pending: V0JobStatusUpdate[] = [];
  private inFlight: V0JobStatusUpdate[] = [];
  private readonly seen = new Map<string, Set<string>>();

  /** Queues an update; false when this (uuid, status) was already taken. */
  push(update: V0JobStatusUpdate): boolean {
    let statuses = this.seen.get(update.uuid);
    if (!statuses) {
      statuses = new Set();
      this.seen.set(update.uuid, statuses);
    }
    if (statuses.has(update.status)) return false;
    statuses.add(update.status);
    this.pending.push(update);
    return true;
  }

  /**
   * Sends pending updates in order through `send`, which returns true when the update went out
   * (it now awaits its acknowledgement), false when it can never be sent (it is dropped), and
   * throws when the socket cannot take more (the update stays first in line).
   */
  flush(send: (update: V0JobStatusUpdate) => boolean): void {
    while (this.pending.length > 0) {
      const next = this.pending[0] as V0JobStatusUpdate;
      const sent = send(next);
      this.pending.shift();
      if (sent) this.inFlight.push(next);
    }
  }

  /** The facilitator answered the oldest update in flight; returns that update. */
  acknowledge(): V0JobStatusUpdate | undefined {
    const done = this.inFlight.shift();
    // A job whose end the facilitator has acknowledged sends nothing more: forget its statuses.
    if (done && isTerminalJobStatus(done.status)) this.seen.delete(done.uuid);
    return done;
  }

  /** The connection dropped: unacknowledged updates go back to the front of the queue. */
  requeueInFlight(): void {
    this.pending = [...this.inFlight, ...this.pending];
    this.inFlight = [];
  }

  get size(): { pending: number; inFlight: number } {
    return { pending: this.pending.length, inFlight: this.inFlight.length };
  }
}
