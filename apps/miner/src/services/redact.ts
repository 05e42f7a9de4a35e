import type { V0InitialJobRequest, V0JobRequest, Volume } from '@horde/protocol';
import { REDACTED } from '@horde/service';

/**
 * Copies of job requests that are safe to store: the env keeps its keys with every value replaced
 * by `[redacted]` (operators see which variables a job had, never their values), and Hugging Face
 * volume tokens are redacted too. Everything else is kept as received.
 */
export function redactJobRequest(message: V0JobRequest): Record<string, unknown> {
  return {
    ...message,
    env: Object.fromEntries(Object.keys(message.env).map((key) => [key, REDACTED])),
    volume: redactVolume(message.volume),
  };
}

export function redactInitialJobRequest(message: V0InitialJobRequest): Record<string, unknown> {
  return { ...message, volume: redactVolume(message.volume) };
}

function redactVolume(volume: Volume | null | undefined): Volume | null | undefined {
  if (!volume) return volume;
  switch (volume.volume_type) {
    case 'huggingface_volume':
      return volume.token ? { ...volume, token: REDACTED } : volume;
    case 'multi_volume':
      return { ...volume, volumes: volume.volumes.map((inner) => (inner.volume_type === 'huggingface_volume' && inner.token ? { ...inner, token: REDACTED } : inner)) };
    default:
      return volume;
  }
}
