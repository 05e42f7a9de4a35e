import type { z } from 'zod';
import { parseJsonText, stringifyJson } from '@horde/protocol';
import { serviceErrors } from './errors';
import type { FrameError, MessageSchema, OutboundSchema } from './typed-socket';

/** Longest `message_type` echoed back in an error's context: peers control that text. */
const MAX_ECHOED_TYPE = 100;
/** Zod issues kept in an error: a huge invalid array would otherwise make a huge error. */
const MAX_ISSUES = 20;

export type Decoded<In extends MessageSchema> = { ok: true; message: z.output<In> } | { ok: false; error: FrameError };

/**
 * Turns one text frame into a message: JSON, then the schema, then a handler for the output's
 * `message_type`. Never throws; every failure is a typed error (FRAME_NOT_JSON, MESSAGE_INVALID,
 * MESSAGE_TYPE_UNKNOWN) whose context holds the type and zod issues but never the frame itself. A
 * frame failing the schema is MESSAGE_TYPE_UNKNOWN when its wire `message_type` has no handler.
 */
export function decodeFrame<In extends MessageSchema>(text: string, schema: In, isKnownType: (type: string) => boolean): Decoded<In> {
  let value: unknown;
  try {
    // Integers beyond 2^53 (a signature's timestamp_ns) stay exact: they parse as bigint.
    value = parseJsonText(text);
  } catch {
    // No cause: JSON.parse's message quotes the frame, which may hold secrets (a job's env).
    return { ok: false, error: serviceErrors.error('FRAME_NOT_JSON') };
  }
  const result = schema.safeParse(value);
  if (result.success) {
    const type = result.data.message_type;
    if (isKnownType(type)) return { ok: true, message: result.data };
    return { ok: false, error: unknownType(type) };
  }
  const wireType = typeof value === 'object' && value !== null ? (value as { message_type?: unknown }).message_type : undefined;
  if (typeof wireType === 'string' && !isKnownType(wireType)) return { ok: false, error: unknownType(wireType) };
  return { ok: false, error: invalid('MESSAGE_INVALID', typeof wireType === 'string' ? wireType.slice(0, MAX_ECHOED_TYPE) : '(no message_type)', result.error.issues) };
}

/**
 * Checks an outgoing message against the schema and serializes what the schema produced. Throws
 * MESSAGE_OUTBOUND_INVALID (schema or JSON failure) or FRAME_TOO_LARGE.
 */
export function encodeFrame(message: unknown, schema: OutboundSchema, maxFrameBytes: number): string {
  const messageType = String((message as { message_type?: unknown } | null)?.message_type).slice(0, MAX_ECHOED_TYPE);
  const result = schema.safeParse(message);
  if (!result.success) throw invalid('MESSAGE_OUTBOUND_INVALID', messageType, result.error.issues);
  let text: string;
  try {
    text = stringifyJson(result.data);
  } catch (cause) {
    throw serviceErrors.error('MESSAGE_OUTBOUND_INVALID', `${messageType} is not serializable`, { cause, context: { message_type: messageType } });
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > maxFrameBytes) {
    throw serviceErrors.error('FRAME_TOO_LARGE', `${messageType} is ${bytes} bytes, limit ${maxFrameBytes}`, {
      context: { message_type: messageType, bytes, limit: maxFrameBytes },
    });
  }
  return text;
}

function unknownType(type: string): FrameError {
  const messageType = type.slice(0, MAX_ECHOED_TYPE);
  return serviceErrors.error('MESSAGE_TYPE_UNKNOWN', messageType, { context: { message_type: messageType } });
}

function invalid(code: 'MESSAGE_INVALID' | 'MESSAGE_OUTBOUND_INVALID', messageType: string, issues: readonly z.core.$ZodIssue[]): FrameError {
  const summary = issues.slice(0, MAX_ISSUES).map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }));
  const detail = `${messageType}: ${summary.map((issue) => `${issue.path || '(root)'} ${issue.message}`).join('; ')}`;
  return serviceErrors.error(code, detail, { context: { message_type: messageType, issues: summary } });
}
