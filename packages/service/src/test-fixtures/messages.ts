import { z } from 'zod';

/** A tiny channel for typed-socket tests: the client sends `ClientToServer`, the server answers `ServerToClient`. */
export const Echo = z.object({ message_type: z.literal('Echo'), text: z.string() });
export const Slow = z.object({ message_type: z.literal('Slow'), delay_ms: z.number().int().nonnegative() });
export const Boom = z.object({ message_type: z.literal('Boom'), note: z.string() });
export const ClientToServer = z.discriminatedUnion('message_type', [Echo, Slow, Boom]);

export const EchoReply = z.object({ message_type: z.literal('EchoReply'), text: z.string(), seq: z.number().int().default(0) });
export const Problem = z.object({ message_type: z.literal('Problem'), code: z.string() });
export const ServerToClient = z.discriminatedUnion('message_type', [EchoReply, Problem]);
export type ServerToClient = z.infer<typeof ServerToClient>;
