/**
 * The miner's tables (drizzle, PostgreSQL or PGlite). Names are snake_case so that operators can
 * read them in psql; migrations are generated into apps/miner/drizzle/ by `pnpm db:generate`.
 * Reference: `miner/models.py` and `compute_horde/receipts/models.py` (reference §7.1, §7.3).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, tz, updatedAt } from '@horde/service/db-columns';


/** Where a validator row came from: MINER_VALIDATORS, the CLI, or a chain sync. */
export const VALIDATOR_SOURCES = ['config', 'cli', 'chain'] as const;
export type ValidatorSource = (typeof VALIDATOR_SOURCES)[number];

/** Validators allowed to connect (only `active` ones pass). */
export const validators = pgTable(
  'validators',
  {
    hotkey: text('hotkey').primaryKey(),
    active: boolean('active').notNull().default(true),
    debug: boolean('debug').notNull().default(false),
    source: text('source', { enum: VALIDATOR_SOURCES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('validators_source_check', sql`${t.source} in ('config', 'cli', 'chain')`)],
);

/** Validators whose jobs are declined with `validator_blacklisted`. */
export const validatorBlacklist = pgTable('validator_blacklist', {
  hotkey: text('hotkey').primaryKey(),
  reason: text('reason').notNull().default(''),
  createdAt: createdAt(),
});

export const ACCEPTED_JOB_STATUSES = ['WAITING_FOR_EXECUTOR', 'WAITING_FOR_PAYLOAD', 'RUNNING', 'FINISHED', 'FAILED', 'REJECTED'] as const;
export type AcceptedJobStatus = (typeof ACCEPTED_JOB_STATUSES)[number];
export const TERMINAL_JOB_STATUSES: readonly AcceptedJobStatus[] = ['FINISHED', 'FAILED', 'REJECTED'];

/**
 * Every job a validator asked this miner to run. `full_job_details` keeps the env keys only (values
 * redacted); the stage timestamps give per-stage latencies.
 */
export const acceptedJobs = pgTable(
  'accepted_jobs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    jobUuid: text('job_uuid').notNull().unique(),
    validatorHotkey: text('validator_hotkey').notNull(),
    executorToken: text('executor_token').notNull().unique(),
    executorClass: text('executor_class').notNull(),
    status: text('status', { enum: ACCEPTED_JOB_STATUSES }).notNull(),
    initialJobDetails: jsonb('initial_job_details').notNull(),
    fullJobDetails: jsonb('full_job_details'),
    exitStatus: integer('exit_status'),
    stdout: text('stdout'),
    stderr: text('stderr'),
    errorType: text('error_type'),
    errorDetail: text('error_detail'),
    artifacts: jsonb('artifacts'),
    uploadResults: jsonb('upload_results'),
    executorAddress: text('executor_address'),
    receivedAt: timestamp('received_at', tz).notNull().defaultNow(),
    executorReadyAt: timestamp('executor_ready_at', tz),
    volumesReadyAt: timestamp('volumes_ready_at', tz),
    executionDoneAt: timestamp('execution_done_at', tz),
    finishedAt: timestamp('finished_at', tz),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('accepted_jobs_status_check', sql`${t.status} in ('WAITING_FOR_EXECUTOR', 'WAITING_FOR_PAYLOAD', 'RUNNING', 'FINISHED', 'FAILED', 'REJECTED')`),
    index('accepted_jobs_status_idx').on(t.status),
    index('accepted_jobs_created_at_idx').on(t.createdAt),
  ],
);

/** Columns every receipt table has; `payload` is the validator's payload exactly as received. */
const receiptColumns = () => ({
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  jobUuid: text('job_uuid').notNull().unique(),
  validatorHotkey: text('validator_hotkey').notNull(),
  minerHotkey: text('miner_hotkey').notNull(),
  timestamp: timestamp('timestamp', tz).notNull(),
  validatorSignature: text('validator_signature').notNull(),
  minerSignature: text('miner_signature').notNull(),
  payload: jsonb('payload').notNull(),
  createdAt: createdAt(),
});

export const jobStartedReceipts = pgTable(
  'job_started_receipts',
  {
    ...receiptColumns(),
    executorClass: text('executor_class').notNull(),
    isOrganic: boolean('is_organic').notNull(),
    ttl: integer('ttl').notNull(),
  },
  (t) => [index('job_started_receipts_class_timestamp_idx').on(t.executorClass, t.timestamp)],
);

export const jobAcceptedReceipts = pgTable('job_accepted_receipts', {
  ...receiptColumns(),
  timeAccepted: timestamp('time_accepted', tz).notNull(),
  ttl: integer('ttl').notNull(),
});

export const jobFinishedReceipts = pgTable('job_finished_receipts', {
  ...receiptColumns(),
  timeStarted: timestamp('time_started', tz).notNull(),
  timeTookUs: bigint('time_took_us', { mode: 'number' }).notNull(),
  scoreStr: text('score_str').notNull(),
  blockNumbers: jsonb('block_numbers').notNull(),
});
