import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitHash } from './commit-hash';
import { CommitRecord, newCommitRecord, revealTiming } from './commit-record';

const hotkey = encodeAddress(Uint8Array.from({ length: 32 }, (_, i) => 200 - i), 42);
const commit = { netuid: 12, hotkey, uids: [1, 2], values: [65535, 100], salt: [9, 8, 7, 6, 5, 4, 3, 2], versionKey: 2n ** 63n, commitBlock: 5000, commitEpoch: 13, revealPeriodEpochs: 1 };

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('CommitRecord', () => {
  it('keeps the hashed values and the reveal epoch, JSON-safe', () => {
    const record = newCommitRecord(commit);
    expect(record).toMatchObject({ versionKey: '9223372036854775808', revealEpoch: 14, commitBlock: 5000 });
    expect(record.commitHash).toBe(commitHash(commit));
    expect(CommitRecord.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
    expect(commitHash({ ...record, versionKey: BigInt(record.versionKey) })).toBe(record.commitHash);
  });

  it('tells whether a reveal is early, due or expired', () => {
    const record = newCommitRecord(commit);
    expect([13, 14, 15].map((epoch) => revealTiming(record, epoch))).toEqual(['early', 'due', 'expired']);
  });

  it('refuses malformed persisted records', () => {
    const record = newCommitRecord(commit);
    expect(CommitRecord.safeParse({ ...record, versionKey: '-1' }).success).toBe(false);
    expect(CommitRecord.safeParse({ ...record, values: [70000] }).success).toBe(false);
  });
});
