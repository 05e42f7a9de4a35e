/**
 * Following a job to its end: live through the facilitator's SSE route
 * (`GET /api/v1/jobs/:uuid/events`, beyond the reference), else by polling the job every few
 * seconds as the reference SDK does. Each status is reported once, in order.
 */
import { isTerminalJobStatus } from '@horde/protocol';
import type { FacilitatorHttp } from './http';
import { StatusEntry, toJobResult } from './job';
import type { FacilitatorJob, JobResult } from './job';
import { backoffDelay, sleep } from './retry';
import { readSse } from './sse';

export const DEFAULT_POLL_INTERVAL_MS = 3000;

export interface WatchOptions {
  /** Stops watching (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal | undefined;
  /** Pause between two polls when SSE is unavailable (default 3000 ms). */
  readonly pollIntervalMs?: number | undefined;
}

export type StatusListener = (entry: StatusEntry) => void;

export interface WatchDeps {
  readonly http: FacilitatorHttp;
  readonly fetchJob: (uuid: string, signal: AbortSignal | undefined) => Promise<FacilitatorJob>;
}

/** SSE reconnections in a row that bring no new status before falling back to polling. */
const MAX_SSE_RETRIES = 3;

/** Reports each status of job `uuid` to `onStatus` and resolves with the job once it has ended. */
export async function watchJob(deps: WatchDeps, uuid: string, onStatus: StatusListener, options: WatchOptions = {}): Promise<JobResult> {
  const seen = new Set<string>();
  const report = (entry: StatusEntry): boolean => {
    if (!seen.has(entry.status)) {
      seen.add(entry.status);
      onStatus(entry);
    }
    return isTerminalJobStatus(entry.status);
  };
  let lastEventId: string | undefined;
  let idle = 0;
  while (idle < MAX_SSE_RETRIES) {
    const before = seen.size;
    const outcome = await followEvents(deps.http, uuid, report, options.signal, lastEventId);
    if (outcome.kind === 'ended') return toJobResult(await deps.fetchJob(uuid, options.signal));
    if (outcome.kind === 'unavailable') break;
    lastEventId = outcome.lastEventId;
    idle = seen.size > before ? 0 : idle + 1;
    await sleep(backoffDelay(idle, SSE_RECONNECT), options.signal);
  }
  for (;;) {
    const job = await deps.fetchJob(uuid, options.signal);
    const result = toJobResult(job);
    const history = result.statusHistory.length > 0 ? result.statusHistory : [{ status: result.status, metadata: null }];
    let ended = false;
    for (const entry of history) ended = report(entry) || ended;
    if (ended) return result;
    await sleep(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, options.signal);
  }
}

const SSE_RECONNECT = { initialMs: 100, maxMs: 2000, jitter: 1 };

type EventsOutcome = { kind: 'ended' } | { kind: 'unavailable' } | { kind: 'dropped'; lastEventId: string | undefined };

/**
 * Reads the SSE stream (resuming after `lastEventId`) until a terminal status. `unavailable` when
 * the route does not exist (404): the caller then polls, which reports only statuses not seen yet.
 */
async function followEvents(
  http: FacilitatorHttp,
  uuid: string,
  report: (entry: StatusEntry) => boolean,
  signal: AbortSignal | undefined,
  lastEventId: string | undefined,
): Promise<EventsOutcome> {
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }) };
  const response = await http.authed('GET', `api/v1/jobs/${encodeURIComponent(uuid)}/events`, { headers, signal }, [404]);
  if (response.status === 404 || response.body === null) {
    await response.body?.cancel();
    return { kind: 'unavailable' };
  }
  let last = lastEventId;
  try {
    for await (const event of readSse(response.body)) {
      last = event.id ?? last;
      const entry = parseEntry(event.data);
      if (entry && report(entry)) return { kind: 'ended' };
    }
  } catch (err) {
    // A reset connection ends the stream like a close does; an abort is the caller's to see.
    if (signal?.aborted) throw err;
  }
  signal?.throwIfAborted();
  return { kind: 'dropped', lastEventId: last };
}

function parseEntry(data: string): StatusEntry | undefined {
  try {
    const parsed = StatusEntry.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
