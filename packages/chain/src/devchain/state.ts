/**
 * The devchain's mutable chain state: the live subnet (neurons with their axons and last updates),
 * weights, commit-reveal commits, timelocked commits, commitments and account nonces. Extrinsics
 * change it through dispatch.ts; storage.ts and runtime.ts read it; `snapshot()` is the plain data
 * tests assert on.
 */
import type { SubnetDescription } from './subnet';

/** A commit-reveal v2 commit, as `WeightCommits` stores it. */
export interface WeightCommit {
  hash: string;
  commitBlock: number;
  firstRevealBlock: number;
  lastRevealBlock: number;
  /** subtensor's epoch index at the commit block. */
  epoch: number;
}

/** A commit-reveal v4 (timelock) commit, as `TimelockedWeightCommits` stores it (plus its hotkey). */
export interface TimelockedCommit {
  hotkey: string;
  commitBlock: number;
  /** Epoch of the commit block; the chain reveals it at epoch + commit_reveal_period. */
  epoch: number;
  /** 0x-hex ciphertext. */
  ciphertext: string;
  revealRound: string;
}

/** A `Commitments.CommitmentOf` registration. */
export interface Commitment {
  block: number;
  /** The CommitmentInfo as polkadot-js JSON ({ fields: [{ Raw3: '0x…' }] }). */
  info: unknown;
  /** The fields' bytes concatenated, 0x-hex. */
  data: string;
}

export interface DevchainStateSnapshot {
  block: number;
  commitRevealVersion: number;
  subnet: SubnetDescription;
  /** uid → [[uid, weight], …] as stored (max-upscaled to 65535). */
  weights: Record<number, [number, number][]>;
  commits: Record<string, WeightCommit[]>;
  timelockedCommits: TimelockedCommit[];
  commitments: Record<string, Commitment>;
  nonces: Record<string, number>;
}

export class ChainState {
  readonly subnet: SubnetDescription;
  readonly weights = new Map<number, [number, number][]>();
  readonly commits = new Map<string, WeightCommit[]>();
  timelockedCommits: TimelockedCommit[] = [];
  readonly commitments = new Map<string, Commitment>();
  /** By SS58 address. */
  readonly nonces = new Map<string, number>();

  constructor(
    subnet: SubnetDescription,
    readonly commitRevealVersion: number,
    /** `Drand.BeaconConfig` as polkadot-js JSON. */
    readonly beaconConfig: Record<string, unknown>,
  ) {
    this.subnet = structuredClone(subnet);
  }

  uidOf(hotkey: string): number | undefined {
    const uid = this.subnet.neurons.findIndex((n) => n.hotkey === hotkey);
    return uid < 0 ? undefined : uid;
  }

  nonceOf(address: string): number {
    return this.nonces.get(address) ?? 0;
  }

  snapshot(block: number): DevchainStateSnapshot {
    return structuredClone({
      block,
      commitRevealVersion: this.commitRevealVersion,
      subnet: this.subnet,
      weights: Object.fromEntries(this.weights),
      commits: Object.fromEntries(this.commits),
      timelockedCommits: this.timelockedCommits,
      commitments: Object.fromEntries(this.commitments),
      nonces: Object.fromEntries(this.nonces),
    });
  }
}
