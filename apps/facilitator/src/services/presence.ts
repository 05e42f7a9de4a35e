import { HordeFeature } from '@horde/protocol';
import type { RedisBus } from './redis-bus';

/** A validator as the dashboard sees it. */
export interface ValidatorPresence {
  readonly hotkey: string;
  readonly last_seen: string;
  readonly features: HordeFeature[];
  /** True when some replica holds an authenticated connection of it right now. */
  readonly connected: boolean;
}

export interface PresenceOptions {
  /** Validators not heard from for longer are not dispatched to (reference: 3 min). */
  readonly staleMs: number;
  readonly now?: () => number;
}

/**
 * Which validators are alive, shared by every replica through Redis: a sorted set of hotkeys scored
 * by when they were last heard from (authentication, heartbeat, status update), and a hash of the
 * features each announced in `X-Horde-Features`.
 */
export class PresenceRegistry {
  private readonly now: () => number;

  constructor(
    private readonly bus: RedisBus,
    private readonly options: PresenceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The pub/sub channel on which jobs for `hotkey` are delivered to the replica holding it. */
  dispatchChannel(hotkey: string): string {
    return this.bus.key(`dispatch:${hotkey}`);
  }

  async markSeen(hotkey: string, features?: readonly HordeFeature[]): Promise<void> {
    const now = this.now();
    const pipeline = this.bus.commands.multi().zadd(this.seenKey, now, hotkey);
    if (features !== undefined) pipeline.hset(this.featuresKey, hotkey, features.join(','));
    // Entries long gone are dropped so the set stays small.
    pipeline.zremrangebyscore(this.seenKey, '-inf', now - 10 * this.options.staleMs);
    await pipeline.exec();
  }

  async isFresh(hotkey: string): Promise<boolean> {
    const score = await this.bus.commands.zscore(this.seenKey, hotkey);
    return score !== null && Number(score) >= this.now() - this.options.staleMs;
  }

  async features(hotkey: string): Promise<HordeFeature[]> {
    return parseFeatures(await this.bus.commands.hget(this.featuresKey, hotkey));
  }

  /** Validators heard from recently, newest first. */
  async list(): Promise<ValidatorPresence[]> {
    const flat = await this.bus.commands.zrevrangebyscore(this.seenKey, '+inf', this.now() - this.options.staleMs, 'WITHSCORES');
    const hotkeys: Array<{ hotkey: string; seen: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) hotkeys.push({ hotkey: flat[i]!, seen: Number(flat[i + 1]) });
    if (hotkeys.length === 0) return [];
    const features = await this.bus.commands.hmget(this.featuresKey, ...hotkeys.map((entry) => entry.hotkey));
    const subscribers = (await this.bus.commands.call('PUBSUB', 'NUMSUB', ...hotkeys.map((entry) => this.dispatchChannel(entry.hotkey)))) as Array<string | number>;
    return hotkeys.map((entry, i) => ({
      hotkey: entry.hotkey,
      last_seen: new Date(entry.seen).toISOString(),
      features: parseFeatures(features[i] ?? null),
      connected: Number(subscribers[2 * i + 1] ?? 0) > 0,
    }));
  }

  private get seenKey(): string {
    return this.bus.key('validators:seen');
  }

  private get featuresKey(): string {
    return this.bus.key('validators:features');
  }
}

/** The features of an `X-Horde-Features` value (comma-separated); unknown ones are ignored. */
export function parseFeatures(value: string | string[] | null | undefined): HordeFeature[] {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  const known = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item): item is HordeFeature => HordeFeature.safeParse(item).success);
  return [...new Set(known)];
}
