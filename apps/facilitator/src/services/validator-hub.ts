import { FacilitatorToValidatorMessage, parseFrame, serializeFrame } from '@horde/protocol';
import type { HordeFeature } from '@horde/protocol';
import type { Logger, TypedConnection } from '@horde/service';
import { facilitatorErrors } from '../errors';
import type { PresenceRegistry } from './presence';
import type { RedisBus } from './redis-bus';

type Outbound = typeof FacilitatorToValidatorMessage;
export type ValidatorConnection = TypedConnection<Outbound>;

interface Local {
  readonly conns: Map<ValidatorConnection, ReadonlySet<HordeFeature>>;
  readonly unsubscribe: Promise<() => Promise<void>>;
}

/**
 * Gets frames to validators whichever replica holds their socket. Each replica subscribes to the
 * dispatch channel of every validator it holds; `dispatch` publishes there, and the holder sends
 * the frame on each authenticated connection of that validator (a cancel only on connections that
 * announced the `cancel` feature). Nobody subscribed means nobody holds it: VALIDATOR_NOT_CONNECTED.
 */
export class ValidatorHub {
  private readonly local = new Map<string, Local>();

  constructor(
    private readonly bus: RedisBus,
    private readonly presence: PresenceRegistry,
    private readonly log: Logger,
  ) {}

  /** Adds an authenticated connection; resolves once this replica receives the validator's frames. */
  async register(hotkey: string, conn: ValidatorConnection, features: readonly HordeFeature[]): Promise<void> {
    let entry = this.local.get(hotkey);
    if (entry === undefined) {
      entry = { conns: new Map(), unsubscribe: this.bus.subscribe(this.presence.dispatchChannel(hotkey), (text) => this.deliver(hotkey, text)) };
      this.local.set(hotkey, entry);
    }
    entry.conns.set(conn, new Set(features));
    await entry.unsubscribe;
  }

  async unregister(hotkey: string, conn: ValidatorConnection): Promise<void> {
    const entry = this.local.get(hotkey);
    if (entry === undefined || !entry.conns.delete(conn) || entry.conns.size > 0) return;
    this.local.delete(hotkey);
    await (await entry.unsubscribe)();
  }

  /** Hotkeys with a connection on this replica. */
  localValidators(): string[] {
    return [...this.local.keys()];
  }

  /**
   * Sends `message` to validator `hotkey` through whichever replica holds it. Throws
   * VALIDATOR_NOT_CONNECTED when it was not heard from recently or no replica holds it.
   */
  async dispatch(hotkey: string, message: FacilitatorToValidatorMessage): Promise<void> {
    if (!(await this.presence.isFresh(hotkey))) throw facilitatorErrors.error('VALIDATOR_NOT_CONNECTED', `no heartbeat from ${hotkey}`);
    const receivers = await this.bus.publish(this.presence.dispatchChannel(hotkey), serializeFrame(FacilitatorToValidatorMessage, message));
    if (receivers === 0) throw facilitatorErrors.error('VALIDATOR_NOT_CONNECTED', `${hotkey} is not connected`);
  }

  private deliver(hotkey: string, text: string): void {
    const parsed = parseFrame(FacilitatorToValidatorMessage, text);
    if (!parsed.ok) {
      this.log.error({ code: parsed.error.code, validator: hotkey }, 'undeliverable dispatch frame');
      return;
    }
    const message = parsed.message;
    let sent = 0;
    for (const [conn, features] of this.local.get(hotkey)?.conns ?? []) {
      if (message.message_type === 'HordeJobCancelRequest' && !features.has('cancel')) continue;
      try {
        conn.send(message);
        sent += 1;
      } catch (err) {
        conn.log.warn({ err, message_type: message.message_type }, 'dispatch to validator failed');
      }
    }
    this.log.info({ validator: hotkey, message_type: message.message_type, connections: sent }, 'dispatched to validator');
  }
}
