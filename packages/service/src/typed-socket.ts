import type { z } from 'zod';
import type { HordeError } from '@horde/protocol';
import type { Logger } from './logger';
import type { ServiceErrorCode } from './errors';

/**
 * Shared types of typed sockets: WebSocket channels whose JSON text frames are zod unions
 * discriminated on `message_type`. The server side is `registerTypedSocket` (Fastify), the client
 * side `connectTypedSocket` (ws); both hand the app a `TypedConnection`.
 */

/**
 * An inbound schema: its output must carry a string `message_type`, the key handlers are chosen by.
 * Typically a `z.discriminatedUnion('message_type', ...)`. A frame that has no `message_type` on the
 * wire (the reference facilitator's `Response`) can still be received: give its schema a transform
 * that adds one to the output, inside a plain `z.union`.
 */
export type MessageSchema = z.ZodType<{ readonly message_type: string }>;

/** An outbound schema: any object schema; what it outputs is exactly what goes on the wire. */
export type OutboundSchema = z.ZodType<object>;

/** The `message_type` values of a schema's union. */
export type MessageTypeOf<S extends MessageSchema> = z.output<S>['message_type'];

/** One handler per inbound message type: leaving one out is a compile error. */
export type Handlers<In extends MessageSchema, Out extends OutboundSchema> = {
  [K in MessageTypeOf<In>]: (message: Extract<z.output<In>, { message_type: K }>, conn: TypedConnection<Out>) => void | Promise<void>;
};

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

export interface TypedConnection<Out extends OutboundSchema> {
  /** Random id of this connection, also on every line of `log`. */
  readonly id: string;
  /** The peer's IP address (server side honours Fastify's `trustProxy`). */
  readonly remoteAddress: string;
  /** Child logger carrying the connection id. */
  readonly log: Logger;
  /** Resolves once the socket is closed (it never rejects). */
  readonly closed: Promise<CloseInfo>;
  /** True while frames can be sent. */
  readonly isOpen: boolean;
  /** Bytes queued by `send` but not yet written to the network, for backpressure. */
  readonly bufferedAmount: number;
  /**
   * Checks `message` against the outbound schema and sends what the schema produced (defaults
   * applied, unknown keys as the schema treats them). Throws `MESSAGE_OUTBOUND_INVALID` or
   * `FRAME_TOO_LARGE` without sending anything, and `SOCKET_CLOSED` when the socket is not open.
   */
  send(message: z.input<Out>): void;
  /** Starts the closing handshake; does nothing when already closing. Long reasons are cut. */
  close(code?: number, reason?: string): void;
}

/** What an app provides for one connection. */
export interface ConnectionSetup<In extends MessageSchema, Out extends OutboundSchema> {
  readonly handlers: Handlers<In, Out>;
  /** Runs once after the socket closed and every frame received before that has been handled. */
  readonly onClose?: (info: CloseInfo, conn: TypedConnection<Out>) => void | Promise<void>;
}

/** Errors an inbound frame can produce. */
export type FrameError = HordeError<ServiceErrorCode>;

/** Options shared by both ends. */
export interface TypedSocketOptions<In extends MessageSchema, Out extends OutboundSchema> {
  readonly inbound: In;
  readonly outbound: Out;
  readonly logger: Logger;
  /** Largest frame accepted (and sent), in bytes; larger inbound frames close the socket with 1009. */
  readonly maxFrameBytes?: number;
  /**
   * Called, in frame order, for a frame that is not JSON, has an unknown `message_type`, fails the
   * schema or is too large. The default only logs: nothing is sent and the connection stays open
   * (apps typically answer with the protocol's GenericError). Errors it throws are logged.
   */
  readonly onInvalidFrame?: (error: FrameError, conn: TypedConnection<Out>) => void | Promise<void>;
  /** Called after a handler threw (already logged with its message_type); the connection stays open. */
  readonly onHandlerError?: (error: unknown, messageType: string, conn: TypedConnection<Out>) => void | Promise<void>;
}

/** The reference transport's frame limit (`CH/transport/ws.py`): 50 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 50 * 1024 * 1024;

/** Text frame sent by reference peers as a keep-alive; ignored on receipt. */
export const PING_FRAME = 'PING';
