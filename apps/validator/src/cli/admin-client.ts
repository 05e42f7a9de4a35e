/**
 * The CLI's client of the admin API: JSON calls with the bearer token, and the SSE stream of a job's
 * statuses. Answers other than 2xx become ADMIN_API_FAILED errors carrying the API's error code.
 */
import { validatorErrors } from '../errors';

export interface StatusEvent {
  readonly status: string;
  readonly metadata: unknown;
  readonly at: string;
}

export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw validatorErrors.error('ADMIN_API_FAILED', `cannot reach ${this.baseUrl}`, { cause });
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw validatorErrors.error('ADMIN_API_FAILED', `${method} ${path}: HTTP ${response.status} ${error?.code ?? ''} ${error?.message ?? ''}`.trim(), {
        context: { status: response.status, code: error?.code },
      });
    }
    return parsed as T;
  }

  /** Each status of the job as it happens (history first); ends after the terminal one. */
  async *events(jobUuid: string): AsyncGenerator<StatusEvent> {
    const response = await fetch(`${this.baseUrl}/admin/v1/jobs/${jobUuid}/events`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok || !response.body) throw validatorErrors.error('ADMIN_API_FAILED', `events of ${jobUuid}: HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.startsWith('event: status') && data) yield JSON.parse(data.slice(6)) as StatusEvent;
      }
    }
  }
}
