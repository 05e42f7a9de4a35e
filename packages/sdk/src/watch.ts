/**
 * Following a job to its end: live through the facilitator's SSE route
 * (`GET /api/v1/jobs/:uuid/events`, beyond the reference), else by polling the job every few
 * seconds as the reference SDK does. Each status is reported once, in order.
 */
import { isTerminalJobStatus } from '@horde/protocol';
import type { FacilitatorHttp } from './http';
import { StatusEntry, toJobResult } from './job';
import type { FacilitatorJob, JobResult } from './job';
import { sleep } from './retry';
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
  if (await followEvents(deps.http, uuid, report, options.signal)) {
    return toJobResult(await deps.fetchJob(uuid, options.signal));
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

/**
 * Reads the SSE stream until a terminal status. False when the route does not exist (404) or the
 * stream ended early: the caller then polls, which reports only statuses not seen yet.
 */
async function followEvents(http: FacilitatorHttp, uuid: string, report: (entry: StatusEntry) => boolean, signal: AbortSignal | undefined): Promise<boolean> {
  const response = await http.authed('GET', `api/v1/jobs/${encodeURIComponent(uuid)}/events`, { headers: { Accept: 'text/event-stream' }, signal }, [404]);
  if (response.status === 404 || response.body === null) {
    await response.body?.cancel();
    return false;
  }
  for await (const event of readSse(response.body)) {
    const entry = parseEntry(event.data);
    if (entry && report(entry)) return true;
  }
  signal?.throwIfAborted();
  return false;
}

function parseEntry(data: string): StatusEntry | undefined {
  try {
    const parsed = StatusEntry.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
