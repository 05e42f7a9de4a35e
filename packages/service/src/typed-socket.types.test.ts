import Fastify from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createLogger } from './logger';
import { registerTypedSocket } from './socket-server';
import { ClientToServer, ServerToClient } from './test-fixtures/messages';
import type { ConnectionSetup, Handlers, MessageTypeOf } from './typed-socket';

type In = typeof ClientToServer;
type Out = typeof ServerToClient;

/**
 * Compile-time guarantees of the handlers map; `pnpm typecheck` fails if a `@ts-expect-error`
 * below stops being an error.
 */
describe('typed socket handler types', () => {
  it('maps every inbound message_type to a handler of that exact message', () => {
    expectTypeOf<keyof Handlers<In, Out>>().toEqualTypeOf<'Echo' | 'Slow' | 'Boom'>();
    expectTypeOf<Parameters<Handlers<In, Out>['Slow']>[0]>().toEqualTypeOf<{ message_type: 'Slow'; delay_ms: number }>();
    expectTypeOf<MessageTypeOf<Out>>().toEqualTypeOf<'EchoReply' | 'Problem'>();
  });

  it('rejects a handlers map with a missing handler at compile time', async () => {
    const app = Fastify();
    registerTypedSocket(app, {
      path: '/types',
      inbound: ClientToServer,
      outbound: ServerToClient,
      logger: createLogger({ name: 'types', level: 'silent' }),
      onConnection: () => ({
        // @ts-expect-error the Boom handler is missing
        handlers: {
          Echo: (msg, conn) => conn.send({ message_type: 'EchoReply', text: msg.text }),
          Slow: () => undefined,
        },
      }),
    });
    const partial: ConnectionSetup<In, Out> = {
      // @ts-expect-error the Slow and Boom handlers are missing
      handlers: { Echo: () => undefined },
    };
    // The registration itself is valid at run time; only the types object to it.
    await app.ready();
    expect(app.hasRoute({ method: 'GET', url: '/types' })).toBe(true);
    expect(Object.keys(partial.handlers)).toEqual(['Echo']);
    await app.close();
  });
});
