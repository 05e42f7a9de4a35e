/**
 * The facilitator's HTTP API as the SDK sees it: base URL joining, login (nonce → signed login →
 * JWT), the bearer token, one re-login on 401, and retries with jittered backoff on connect errors,
 * 429 and 5xx (5 attempts, as the reference SDK).
 */
import { sign } from '@horde/hotkey';
import type { SigningKey } from '@horde/hotkey';
import { z } from 'zod';
import { sdkErrors } from './errors';
import { backoffDelay, sleep } from './retry';
import type { BackoffOptions } from './retry';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface HttpRetryOptions extends BackoffOptions {
  /** Tries per request, the first included (default 5). */
  readonly attempts: number;
}

export const DEFAULT_HTTP_RETRY: HttpRetryOptions = { attempts: 5, initialMs: 200, maxMs: 5000, jitter: 1 };

export interface FacilitatorHttpOptions {
  readonly facilitatorUrl: string;
  readonly hotkey: SigningKey;
  readonly fetch?: FetchLike | undefined;
  readonly retry?: Partial<HttpRetryOptions> | undefined;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

const NonceResponse = z.object({ nonce: z.string().min(1) });
const TokenResponse = z.object({ token: z.string().min(1) });

export class FacilitatorHttp {
  private readonly base: string;
  private readonly fetch: FetchLike;
  private readonly retry: HttpRetryOptions;
  private readonly key: SigningKey;
  private token: Promise<string> | undefined;

  constructor(options: FacilitatorHttpOptions) {
    this.base = options.facilitatorUrl.endsWith('/') ? options.facilitatorUrl : `${options.facilitatorUrl}/`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.retry = { ...DEFAULT_HTTP_RETRY, ...options.retry };
    this.key = options.hotkey;
  }

  /** An authenticated call whose JSON answer is parsed with `schema`. */
  async json<T>(method: string, path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    const response = await this.authed(method, path, options);
    return parseBody(response, schema, path);
  }

  /**
   * An authenticated call that returns the raw response when its status is 2xx or one of `pass`
   * (e.g. 404 for an optional route); other statuses become typed errors.
   */
  async authed(method: string, path: string, options: RequestOptions = {}, pass: readonly number[] = []): Promise<Response> {
    for (let login = 0; ; login += 1) {
      const token = await this.currentToken(options.signal);
      const headers = { ...options.headers, Authorization: `Bearer ${token}`, Realm: 'mainnet', SubnetID: '12' };
      const response = await this.send(method, path, { ...options, headers });
      if (response.status === 401 && login === 0) {
        // The token expired (or the facilitator restarted with a new secret): log in once more.
        await response.body?.cancel();
        this.token = undefined;
        continue;
      }
      if (response.ok || pass.includes(response.status)) return response;
      throw await statusError(response, method, path);
    }
  }

  /** Logs in now (also done on demand by every call). */
  async login(signal?: AbortSignal): Promise<string> {
    const nonceResponse = await this.send('GET', 'auth/nonce', { signal });
    const { nonce } = await parseAuth(nonceResponse, NonceResponse, 'auth/nonce');
    const signature = sign(this.key, nonce).slice(2);
    const loginResponse = await this.send('POST', 'auth/login', { json: { hotkey: this.key.address, signature, nonce }, signal });
    const { token } = await parseAuth(loginResponse, TokenResponse, 'auth/login');
    return token;
  }

  private currentToken(signal: AbortSignal | undefined): Promise<string> {
    if (this.token === undefined) {
      const pending = this.login(signal);
      this.token = pending;
      pending.catch(() => {
        if (this.token === pending) this.token = undefined;
      });
    }
    return this.token;
  }

  /** One request with retries on connect errors, 429 and 5xx; the last such answer is returned as is. */
  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      try {
        response = await this.fetch(url, { method, headers, body, signal: options.signal ?? null });
      } catch (err) {
        if (options.signal?.aborted) throw sdkErrors.error('WATCH_ABORTED', `${method} ${path}`, { cause: err });
        if (last) throw sdkErrors.error('FACILITATOR_UNAVAILABLE', `${method} ${url.pathname}: ${String(err)}`, { cause: err });
        await sleep(backoffDelay(attempt - 1, this.retry), options.signal);
        continue;
      }
      if (last || !isRetryableStatus(response.status)) return response;
      await response.body?.cancel();
      await sleep(backoffDelay(attempt - 1, this.retry), options.signal);
    }
  }

  private url(path: string, query: RequestOptions['query']): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

async function parseBody<T>(response: Response, schema: z.ZodType<T>, path: string): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (err) {
    throw sdkErrors.error('RESPONSE_INVALID', `${path}: not JSON`, { cause: err });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw sdkErrors.error('RESPONSE_INVALID', `${path}: ${parsed.error.message}`, { cause: parsed.error });
  return parsed.data;
}

async function parseAuth<T>(response: Response, schema: z.ZodType<T>, path: string): Promise<T> {
  if (isRetryableStatus(response.status)) throw await statusError(response, 'POST', path);
  if (!response.ok) throw sdkErrors.error('AUTH_FAILED', `${path} answered ${response.status}`, { context: await errorContext(response) });
  return parseBody(response, schema, path);
}

/** The typed error for a non-2xx answer, with its status and body in `context`. */
export async function statusError(response: Response, method: string, path: string) {
  const context = await errorContext(response);
  const detail = `${method} /${path.replace(/^\/+/, '')} answered ${response.status}`;
  if (response.status === 404) return sdkErrors.error('NOT_FOUND', detail, { context });
  if (response.status === 401 || response.status === 403) return sdkErrors.error('AUTH_FAILED', detail, { context });
  if (isRetryableStatus(response.status)) return sdkErrors.error('FACILITATOR_UNAVAILABLE', detail, { context });
  return sdkErrors.error('FACILITATOR_REJECTED', detail, { context });
}

async function errorContext(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}
