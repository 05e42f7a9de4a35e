/**
 * The validator's tables (drizzle, PostgreSQL or PGlite). snake_case names so that operators can read
 * them in psql; migrations are generated into apps/validator/drizzle/ by `pnpm db:generate`.
 * Reference: `validator/models/` and `compute_horde/receipts/models.py` (reference §7.2, §7.3).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, tz, updatedAt } from '@horde/service/db-columns';


/** Where a miner row came from: VALIDATOR_MINERS, the CLI / admin API, or the metagraph (a later issue). */
export const MINER_SOURCES = ['config', 'cli', 'chain'] as const;
export type MinerSource = (typeof MINER_SOURCES)[number];

export const miners = pgTable(
  'miners',
  {
    hotkey: text('hotkey').primaryKey(),
    address: text('address').notNull(),
    port: integer('port').notNull(),
    ipVersion: integer('ip_version').notNull().default(4),
    coldkey: text('coldkey'),
    uid: integer('uid'),
    source: text('source', { enum: MINER_SOURCES }).notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('miners_source_check', sql`${t.source} in ('config', 'cli', 'chain')`)],
);

/** The latest manifest of each miner: executors per class, as read after auth. */
export const minerManifests = pgTable(
  'miner_manifests',
  {
    minerHotkey: text('miner_hotkey').notNull(),
    executorClass: text('executor_class').notNull(),
    count: integer('count').notNull(),
    fetchedAt: timestamp('fetched_at', tz).notNull(),
  },
  (t) => [primaryKey({ columns: [t.minerHotkey, t.executorClass] })],
);

export const BLACKLIST_REASONS = ['JOB_FAILED', 'JOB_CHEATED', 'MANUAL'] as const;
export type BlacklistReason = (typeof BLACKLIST_REASONS)[number];

export const minerBlacklist = pgTable(
  'miner_blacklist',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    minerHotkey: text('miner_hotkey').notNull(),
    reason: text('reason', { enum: BLACKLIST_REASONS }).notNull(),
    details: text('details').notNull().default(''),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', tz).notNull(),
  },
  (t) => [index('miner_blacklist_miner_idx').on(t.minerHotkey, t.expiresAt)],
);

/** The reference's MinerIncident types, plus MANIFEST_POLL_FAILED for a failed manifest poll. */
export const INCIDENT_TYPES = ['MINER_JOB_REJECTED', 'MINER_JOB_FAILED', 'MINER_HORDE_FAILED', 'MANIFEST_POLL_FAILED'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const minerIncidents = pgTable(
  'miner_incidents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    type: text('type', { enum: INCIDENT_TYPES }).notNull(),
    minerHotkey: text('miner_hotkey').notNull(),
    jobUuid: text('job_uuid'),
    executorClass: text('executor_class'),
    at: timestamp('at', tz).notNull().defaultNow(),
  },
  (t) => [index('miner_incidents_miner_idx').on(t.minerHotkey, t.at)],
);

/** Submitters (besides this validator) whose facilitator jobs we run. */
export const validatorWhitelist = pgTable('validator_whitelist', {
  hotkey: text('hotkey').primaryKey(),
  note: text('note').notNull().default(''),
  createdAt: createdAt(),
});

export const ORGANIC_JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'EXCUSED', 'CANCELLED'] as const;
export type OrganicJobStatus = (typeof ORGANIC_JOB_STATUSES)[number];
export const TERMINAL_ORGANIC_STATUSES: readonly OrganicJobStatus[] = ['COMPLETED', 'FAILED', 'EXCUSED', 'CANCELLED'];

/** One try of a job on one miner (failover may try several). */
export interface JobAttempt {
  readonly miner_hotkey: string;
  readonly address: string;
  readonly port: number;
  readonly started_at: string;
  readonly ended_at: string;
  /** The wire status this try ended with (completed, failed, horde_failed, rejected, cancelled). */
  readonly outcome: string;
  readonly reason?: string | null;
  readonly message?: string | null;
}

export const organicJobs = pgTable(
  'organic_jobs',
  {
    jobUuid: text('job_uuid').primaryKey(),
    source: text('source').notNull(),
    submittedBy: text('submitted_by'),
    minerHotkey: text('miner_hotkey'),
    minerAddress: text('miner_address'),
    minerPort: integer('miner_port'),
    executorClass: text('executor_class').notNull(),
    image: text('image').notNull(),
    namespace: text('namespace'),
    status: text('status', { enum: ORGANIC_JOB_STATUSES }).notNull().default('PENDING'),
    /** The last wire status published (sent, accepted, ..., completed). */
    lastStatus: text('last_status').notNull(),
    attempts: jsonb('attempts').$type<JobAttempt[]>().notNull().default([]),
    /** The request with env values redacted (keys only). */
    request: jsonb('request').notNull(),
    stdout: text('stdout'),
    stderr: text('stderr'),
    artifacts: jsonb('artifacts').$type<Record<string, string>>(),
    uploadResults: jsonb('upload_results').$type<Record<string, string>>(),
    errorType: text('error_type'),
    errorDetail: text('error_detail'),
    acceptedAt: timestamp('accepted_at', tz),
    executorReadyAt: timestamp('executor_ready_at', tz),
    volumesReadyAt: timestamp('volumes_ready_at', tz),
    executionDoneAt: timestamp('execution_done_at', tz),
    finishedAt: timestamp('finished_at', tz),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('organic_jobs_status_idx').on(t.status), index('organic_jobs_created_idx').on(t.createdAt)],
);

/** Every status published for a job, in order (the admin API's history). */
export const organicJobStatuses = pgTable(
  'organic_job_statuses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    jobUuid: text('job_uuid').notNull(),
    status: text('status').notNull(),
    metadata: jsonb('metadata'),
    at: timestamp('at', tz).notNull().defaultNow(),
  },
  (t) => [index('organic_job_statuses_job_idx').on(t.jobUuid, t.id)],
);

const receiptColumns = () => ({
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  jobUuid: text('job_uuid').notNull(),
  minerHotkey: text('miner_hotkey').notNull(),
  validatorHotkey: text('validator_hotkey').notNull(),
  /** The payload exactly as signed (ISO datetimes as strings). */
  payload: jsonb('payload').notNull(),
  timestamp: timestamp('timestamp', tz).notNull(),
  validatorSignature: text('validator_signature').notNull(),
  minerSignature: text('miner_signature'),
});

export const jobStartedReceipts = pgTable(
  'job_started_receipts',
  { ...receiptColumns(), executorClass: text('executor_class').notNull(), isOrganic: boolean('is_organic').notNull(), ttl: integer('ttl').notNull() },
  (t) => [uniqueIndex('job_started_receipts_job_miner').on(t.jobUuid, t.minerHotkey), index('job_started_receipts_busy_idx').on(t.minerHotkey, t.executorClass)],
);

export const jobAcceptedReceipts = pgTable(
  'job_accepted_receipts',
  { ...receiptColumns(), timeAccepted: timestamp('time_accepted', tz).notNull(), ttl: integer('ttl').notNull() },
  (t) => [uniqueIndex('job_accepted_receipts_job_miner').on(t.jobUuid, t.minerHotkey)],
);

export const jobFinishedReceipts = pgTable(
  'job_finished_receipts',
  {
    ...receiptColumns(),
    timeStarted: timestamp('time_started', tz).notNull(),
    timeTookUs: integer('time_took_us').notNull(),
    scoreStr: text('score_str').notNull(),
    blockNumbers: jsonb('block_numbers').$type<number[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('job_finished_receipts_job_miner').on(t.jobUuid, t.minerHotkey)],
);

/** How weights were sent in a cycle: set_weights (commit-reveal off), CR-v2 commit + reveal, CR-v4 timelock commit. */
export const WEIGHT_MODES = ['set', 'v2', 'v4'] as const;
export type WeightMode = (typeof WEIGHT_MODES)[number];

/** `pending` is retried on the next tick; the others end the cycle. */
export const WEIGHT_SETTING_STATUSES = ['pending', 'done', 'failed', 'skipped'] as const;
export type WeightSettingStatus = (typeof WEIGHT_SETTING_STATUSES)[number];

/** One try of a cycle's weight setting. */
export interface WeightAttempt {
  readonly at: string;
  readonly block: number;
  readonly mode: WeightMode | null;
  readonly outcome: 'sent' | 'retry' | 'failed' | 'skipped';
  /** The typed error code (TX_RATE_LIMITED, CHAIN_TIMEOUT, NO_SCORES, ...). */
  readonly error?: string;
  readonly detail?: string;
}

/** At most one finished weight setting per cycle (the reference's WeightSettingFinishedEvent), every try recorded. */
export const weightSetting = pgTable(
  'weight_setting',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** First block of the weight-setting interval (the commit window lies in it). */
    cycleStart: integer('cycle_start').notNull(),
    cycleEnd: integer('cycle_end').notNull(),
    status: text('status', { enum: WEIGHT_SETTING_STATUSES }).notNull().default('pending'),
    mode: text('mode', { enum: WEIGHT_MODES }),
    attempts: jsonb('attempts').$type<WeightAttempt[]>().notNull().default([]),
    /** The last error code, when the last try failed. */
    error: text('error'),
    uids: jsonb('uids').$type<number[]>(),
    weights: jsonb('weights').$type<number[]>(),
    txHash: text('tx_hash'),
    txBlock: integer('tx_block'),
    /** CR-v4: the drand round that opens the commit. */
    revealRound: text('reveal_round'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('weight_setting_cycle_start').on(t.cycleStart)],
);

/** `pending`: saved, commit maybe sent; `committed`: in a block; then revealed, expired or failed. */
export const WEIGHT_COMMIT_STATUSES = ['pending', 'committed', 'revealed', 'expired', 'failed'] as const;
export type WeightCommitStatus = (typeof WEIGHT_COMMIT_STATUSES)[number];

/** CR-v2 commits, saved before `commit_weights` is sent, kept until revealed (survives restarts). */
export const weightCommits = pgTable(
  'weight_commits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    cycleStart: integer('cycle_start').notNull(),
    commitHash: text('commit_hash').notNull(),
    /** The CommitRecord (@horde/chain): uids, values, salt, version key, reveal epoch. */
    record: jsonb('record').notNull(),
    status: text('status', { enum: WEIGHT_COMMIT_STATUSES }).notNull().default('pending'),
    commitBlock: integer('commit_block'),
    revealTxHash: text('reveal_tx_hash'),
    revealBlock: integer('reveal_block'),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('weight_commits_hash').on(t.commitHash), index('weight_commits_status_idx').on(t.status)],
);
