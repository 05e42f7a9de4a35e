/**
 * Frames in and out. `parseFrame` turns whatever a socket delivered into a typed message or a
 * typed error and never throws; `serializeFrame` validates our own message and writes JSON text.
 *
 * The literal text frame `PING` (sent by some reference transports as a keep-alive) parses as
 * `{ok: false}` with code `PING_FRAME`; callers should ignore it silently rather than answer it.
 */
import type { z } from 'zod';
import type { HordeError } from './errors';
import { protocolErrors, type ProtocolErrorCode } from './errors-protocol';
import { parseJsonText, stringifyJson } from './json-text';

/** The reference transport's frame limit. */
export const DEFAULT_MAX_FRAME_BYTES = 50 * 1024 * 1024;

export interface ParseFrameOptions {
  /** Largest accepted frame in bytes (default 50 MiB). */
  maxBytes?: number;
}

export type ParseFrameResult<T> = { ok: true; message: T } | { ok: false; error: HordeError<ProtocolErrorCode> };

/** How many schema issues a MESSAGE_INVALID error lists in its context. */
const MAX_ISSUES = 20;
/** How much of an unknown message_type is echoed in the error context. */
const MAX_ECHO = 100;

/**
 * Parses one frame with `schema` (normally a direction union, discriminated on `message_type`).
 * `raw` may be text, bytes (`Buffer`/`Uint8Array`/`ArrayBuffer`, or the array of fragments `ws`
 * delivers) or an already-parsed JSON value.
 */
export function parseFrame<S extends z.ZodType>(schema: S, raw: unknown, options: ParseFrameOptions = {}): ParseFrameResult<z.output<S>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const decoded = decode(raw, maxBytes);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('FRAME_NOT_OBJECT', `got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`);
  }
  const discriminator = discriminatorOf(schema);
  if (discriminator !== undefined) {
    const typeError = checkMessageType(schema, discriminator, (value as Record<string, unknown>)[discriminator]);
    if (typeError) return typeError;
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, error: invalid(result.error, value) };
}

/**
 * Validates `message` with `schema` and returns its JSON text (defaults filled in, unknown fields
 * dropped). An invalid message is a bug in our code: throws HordeError MESSAGE_INVALID.
 */
export function serializeFrame<S extends z.ZodType>(schema: S, message: z.input<S>): string {
  const result = schema.safeParse(message);
  if (!result.success) throw invalid(result.error, message);
  return stringifyJson(result.data);
}

type Failure = { ok: false; error: HordeError<ProtocolErrorCode> };
type Decoded = { ok: true; value: unknown } | Failure;

function decode(raw: unknown, maxBytes: number): Decoded {
  let text: string;
  if (typeof raw === 'string') {
    if (raw === 'PING') return fail('PING_FRAME');
    // UTF-8 needs at most 3 bytes per UTF-16 unit, so short strings skip the exact count.
    const bytes = raw.length * 3 <= maxBytes ? 0 : Buffer.byteLength(raw, 'utf8');
    if (bytes > maxBytes) return tooLarge(bytes, maxBytes);
    text = raw;
  } else {
    const bytes = asBytes(raw);
    if (bytes === undefined) return { ok: true, value: raw };
    if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      return fail('FRAME_NOT_JSON', 'not UTF-8', { cause });
    }
    if (text === 'PING') return fail('PING_FRAME');
  }
  try {
    return { ok: true, value: parseJsonText(text) };
  } catch (cause) {
    return fail('FRAME_NOT_JSON', undefined, { cause });
  }
}

/** The bytes of a binary frame, or `undefined` when `raw` is not binary. */
function asBytes(raw: unknown): Uint8Array | undefined {
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  if (Array.isArray(raw) && raw.length > 0 && raw.every((part) => part instanceof Uint8Array)) {
    return Buffer.concat(raw as Uint8Array[]);
  }
  return undefined;
}

/** The discriminator key of a discriminated union schema, else `undefined`. */
function discriminatorOf(schema: z.ZodType): string | undefined {
  const def = schema._zod.def as { type: string; discriminator?: unknown };
  return def.type === 'union' && typeof def.discriminator === 'string' ? def.discriminator : undefined;
}

function checkMessageType(schema: z.ZodType, key: string, messageType: unknown): Failure | undefined {
  const known: ReadonlySet<unknown> | undefined = schema._zod.propValues?.[key];
  if (known?.has(messageType)) return undefined;
  if (typeof messageType !== 'string') return fail('MESSAGE_TYPE_MISSING', `no ${key} string`);
  return fail('MESSAGE_TYPE_UNKNOWN', undefined, { context: { [key]: messageType.slice(0, MAX_ECHO) } });
}

/** MESSAGE_INVALID with the issues' paths and messages; never the values (frames carry secrets). */
function invalid(error: z.ZodError, value: unknown): HordeError<ProtocolErrorCode> {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const messageType = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).message_type : undefined;
  const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  return protocolErrors.error('MESSAGE_INVALID', summary, {
    context: { ...(typeof messageType === 'string' ? { message_type: messageType.slice(0, MAX_ECHO) } : {}), issues },
  });
}

function tooLarge(bytes: number, maxBytes: number): Failure {
  return fail('FRAME_TOO_LARGE', `${bytes} bytes > ${maxBytes}`, { context: { bytes, maxBytes } });
}

function fail(code: ProtocolErrorCode, detail?: string, options?: { cause?: unknown; context?: Record<string, unknown> }): Failure {
  return { ok: false, error: protocolErrors.error(code, detail, options) };
}
