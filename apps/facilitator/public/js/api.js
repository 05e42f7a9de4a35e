/* global fetch, EventSource */
/**
 * The facilitator's REST API as the dashboard uses it: the token as a bearer header (or as
 * `?access_token=` for EventSource, which cannot set headers). Errors carry the API's code.
 */
import { getToken } from './session.js';

/** The facilitator's root: this file is served at <root>dashboard/js/api.js. */
const BASE = new URL('../../', import.meta.url).pathname;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The token is missing, invalid or expired: the user must paste a new one. */
  get unauthorized() {
    return this.status === 401;
  }
}

async function get(path) {
  let response;
  try {
    response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${getToken() ?? ''}`, accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the facilitator cannot be reached');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body && typeof body === 'object' ? body.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `HTTP ${response.status}`);
  }
  return body;
}

/** `{count, next, previous, results}`, newest first. */
export function listJobs(page, pageSize) {
  return get(`api/v1/jobs/?page=${page}&page_size=${pageSize}`);
}

export function getJob(uuid) {
  return get(`api/v1/jobs/${encodeURIComponent(uuid)}/`);
}

export function listValidators() {
  return get('api/v1/validators');
}

/** An EventSource of the job's `status` events (history first, then live). */
export function jobEvents(uuid) {
  return new EventSource(`${BASE}api/v1/jobs/${encodeURIComponent(uuid)}/events?access_token=${encodeURIComponent(getToken() ?? '')}`);
}
