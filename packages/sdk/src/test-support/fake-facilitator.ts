/**
 * A small fake facilitator over real HTTP (port 0) for the SDK's and CLI's tests: nonce login with
 * JWT-like opaque tokens, signed job creation (verified with @horde/hotkey), jobs with status
 * history, pagination, cancel, and SSE status events (switchable off to exercise polling).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { jobDockerSignedPayload, signatureFromHeaders, verify, verifyRequestSignature } from '@horde/hotkey';
import type { JobDockerSignedBody } from '@horde/hotkey';
import type { JobStatus, JobStatusMetadata } from '@horde/protocol';
import { isTerminalJobStatus } from '@horde/protocol';
import { startHttpServer } from '@horde/testkit';
import type { RecordedRequest, TestHttpServer } from '@horde/testkit';

export interface FakeJob {
  readonly uuid: string;
  readonly body: Record<string, unknown>;
  readonly submitter: string;
  readonly signatureValid: boolean;
  stdout: string;
  stderr: string;
  artifacts: Record<string, string>;
  history: { id: number; status: JobStatus; metadata: JobStatusMetadata | null; created_at: string }[];
}

export interface FakeStatus {
  readonly status: JobStatus;
  readonly metadata?: JobStatusMetadata;
}

export interface FakeFacilitatorOptions {
  /** Hotkeys allowed to log in. */
  readonly whitelist: readonly string[];
  /** Serve `/api/v1/jobs/:uuid/events` (default true); when false it answers 404. */
  readonly sse?: boolean;
  /** Statuses played for each new job once a client watches it (SSE connect or first GET). */
  readonly script?: (job: FakeJob, index: number) => readonly FakeStatus[];
}

export interface FakeFacilitator {
  readonly url: string;
  readonly server: TestHttpServer;
  readonly jobs: FakeJob[];
  /** Logins that succeeded. */
  readonly logins: string[];
  /** Makes every issued token answer 401 from now on. */
  expireTokens(): void;
  /** The next `count` requests whose path starts with `prefix` answer `status`. */
  failNext(prefix: string, count: number, status?: number): void;
  /** Adds a status to a job (and pushes it to SSE listeners). */
  pushStatus(uuid: string, status: FakeStatus): void;
  /** Ends the open SSE streams of `uuid` without a terminal status (a dropped connection). */
  dropStreams(uuid: string): void;
  /** How many SSE streams are open for `uuid`. */
  listeners(uuid: string): number;
  close(): Promise<void>;
}

export async function startFakeFacilitator(options: FakeFacilitatorOptions): Promise<FakeFacilitator> {
  const jobs: FakeJob[] = [];
  const logins: string[] = [];
  const nonces = new Set<string>();
  const tokens = new Map<string, string>();
  const expired = new Set<string>();
  const failures: { prefix: string; count: number; status: number }[] = [];
  const streams = new Map<string, Set<ServerResponse>>();
  const played = new Set<string>();
  let nextId = 1;

  const pushStatus = (uuid: string, { status, metadata }: FakeStatus) => {
    const job = jobs.find((j) => j.uuid === uuid);
    if (!job) throw new Error(`no job ${uuid}`);
    const entry = { id: nextId++, status, metadata: metadata ?? null, created_at: new Date().toISOString() };
    job.history.push(entry);
    const result = metadata?.miner_response;
    if (result) {
      job.stdout = result.docker_process_stdout;
      job.stderr = result.docker_process_stderr;
      job.artifacts = result.artifacts ?? {};
    }
    for (const res of streams.get(uuid) ?? []) {
      res.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry)}\n\n`);
      if (isTerminalJobStatus(status)) res.end();
    }
  };

  const play = (job: FakeJob) => {
    if (played.has(job.uuid) || !options.script) return;
    played.add(job.uuid);
    const steps = options.script(job, jobs.indexOf(job));
    let i = 0;
    const next = () => {
      const step = steps[i++];
      if (!step) return;
      pushStatus(job.uuid, step);
      setTimeout(next, 15);
    };
    setTimeout(next, 15);
  };

  const handler = (req: RecordedRequest, res: ServerResponse): void => {
    const url = new URL(req.url, 'http://fake');
    const path = url.pathname;
    const failure = failures.find((f) => path.startsWith(f.prefix) && f.count > 0);
    if (failure) {
      failure.count -= 1;
      return send(res, failure.status, { code: 'FAKE_FAILURE' });
    }
    if (req.method === 'GET' && path === '/auth/nonce') {
      const nonce = randomUUID();
      nonces.add(nonce);
      return send(res, 200, { nonce });
    }
    if (req.method === 'POST' && path === '/auth/login') {
      const { hotkey, signature, nonce } = JSON.parse(req.body.toString()) as Record<string, string>;
      if (!nonce || !nonces.delete(nonce) || !hotkey || !signature || !verify(nonce, signature, hotkey) || !options.whitelist.includes(hotkey)) {
        return send(res, 401, { code: 'LOGIN_REFUSED' });
      }
      const token = randomUUID();
      tokens.set(token, hotkey);
      logins.push(hotkey);
      return send(res, 200, { token });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const caller = token === undefined || expired.has(token) ? undefined : tokens.get(token);
    if (caller === undefined) return send(res, 401, { code: token && expired.has(token) ? 'TOKEN_EXPIRED' : 'NOT_AUTHENTICATED', message: 'Token expired' });

    if (req.method === 'POST' && path === '/api/v1/job-docker/') {
      const body = JSON.parse(req.body.toString()) as Record<string, unknown>;
      const signature = signatureFromHeaders(req.headers);
      const signatureValid = signature !== undefined && signature.signatory === caller && verifyRequestSignature(signature, jobDockerSignedPayload(body as JobDockerSignedBody));
      if (!signatureValid) return send(res, 400, { code: 'SIGNATURE_INVALID' });
      const job: FakeJob = { uuid: randomUUID(), body, submitter: caller, signatureValid, stdout: '', stderr: '', artifacts: {}, history: [] };
      jobs.push(job);
      pushStatus(job.uuid, { status: 'sent' });
      return send(res, 201, jobJson(job));
    }
    if (req.method === 'GET' && path === '/api/v1/jobs/') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('page_size') ?? 10);
      const mine = jobs.filter((j) => j.submitter === caller);
      const results = mine.slice((page - 1) * size, page * size).map(jobJson);
      const next = page * size < mine.length ? `/api/v1/jobs/?page=${page + 1}&page_size=${size}` : null;
      return send(res, 200, { count: mine.length, next, previous: null, results });
    }
    const match = /^\/api\/v1\/jobs\/([^/]+)\/(events|cancel)?$/.exec(path);
    const job = match ? jobs.find((j) => j.uuid === match[1] && j.submitter === caller) : undefined;
    if (!match || !job) return send(res, 404, { code: 'NOT_FOUND' });
    if (req.method === 'GET' && match[2] === undefined) {
      play(job);
      return send(res, 200, jobJson(job));
    }
    if (req.method === 'GET' && match[2] === 'events') {
      if (options.sse === false) return send(res, 404, { code: 'NOT_FOUND' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      for (const entry of job.history) res.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry)}\n\n`);
      const set = streams.get(job.uuid) ?? new Set();
      streams.set(job.uuid, set);
      set.add(res);
      res.on('close', () => set.delete(res));
      play(job);
      return;
    }
    if (req.method === 'POST' && match[2] === 'cancel') {
      pushStatus(job.uuid, { status: 'cancelled' });
      return send(res, 202, {});
    }
    return send(res, 405, { code: 'METHOD_NOT_ALLOWED' });
  };

  const server = await startHttpServer(handler);
  return {
    url: server.url,
    server,
    jobs,
    logins,
    expireTokens: () => {
      for (const token of tokens.keys()) expired.add(token);
    },
    failNext: (prefix, count, status = 503) => void failures.push({ prefix, count, status }),
    pushStatus,
    dropStreams: (uuid) => {
      for (const res of streams.get(uuid) ?? []) res.end();
    },
    listeners: (uuid) => streams.get(uuid)?.size ?? 0,
    close: () => server.close(),
  };
}

function jobJson(job: FakeJob): Record<string, unknown> {
  const last = job.history.at(-1);
  return {
    uuid: job.uuid,
    executor_class: job.body['executor_class'],
    docker_image: job.body['docker_image'],
    args: job.body['args'],
    env: job.body['env'],
    created_at: job.history[0]?.created_at,
    status: last?.status ?? 'sent',
    stdout: job.stdout,
    stderr: job.stderr,
    artifacts: job.artifacts,
    upload_results: {},
    status_history: job.history.map(({ status, metadata, created_at }) => ({ status, metadata, created_at })),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
