/**
 * A `DrandHook` for the devchain from a devnet beacon: pulses appear as the wall clock reaches
 * their round (as `Drand.Pulses` fills on finney), and commits open through the same timelock code
 * the validator seals them with. The local horde and end-to-end tests use it.
 */
import { HordeError } from '@horde/protocol';
import { latestRound } from '../timelock/beacon';
import type { DevBeacon } from '../timelock/dev-beacon';
import { timelockDecrypt } from '../timelock/tlock';
import type { DrandHook } from './reveal-timelocked';

export function devDrandHook(beacon: DevBeacon, now: () => number = () => Date.now() / 1000): DrandHook {
  return {
    beacon,
    pulse: (round) => (round >= 1n && latestRound(beacon, now()) >= Number(round) ? beacon.pulse(Number(round)) : undefined),
    decrypt(ciphertext, signature) {
      try {
        return timelockDecrypt(ciphertext, signature);
      } catch (err) {
        // A commit that does not open is dropped by the chain, not an error of the chain.
        if (err instanceof HordeError) return undefined;
        throw err;
      }
    },
  };
}
