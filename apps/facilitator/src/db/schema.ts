/**
 * The facilitator's tables (drizzle on PostgreSQL, or PGlite for the local horde). Migrations are
 * generated into apps/facilitator/drizzle/ by `pnpm db:generate`. Reference: `facilitator/models.py`
 * (reference §5.3). Job env VALUES are never stored: `env_keys` keeps the names only, the values
 * travel in the dispatched V2JobRequest and nowhere else.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tz } from '@horde/service/db-columns';


/** Validators allowed to connect on /ws/v0/ (only `active` ones pass). */
export const validators = pgTable('validators', {
  hotkey: text('hotkey').primaryKey(),
  active: boolean('active').notNull().default(true),
  version: text('version'),
  runnerVersion: text('runner_version'),
  lastSeen: timestamp('last_seen', tz),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

/** Users (hotkeys) allowed to log in and submit jobs. */
export const hotkeyWhitelist = pgTable('hotkey_whitelist', {
  hotkey: text('hotkey').primaryKey(),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

/** One organic job submitted through the REST API. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    submitter: text('submitter').notNull(),
    targetValidator: text('target_validator').notNull(),
    executorClass: text('executor_class').notNull(),
    dockerImage: text('docker_image').notNull(),
    jobNamespace: text('job_namespace'),
    args: jsonb('args').$type<string[]>().notNull(),
    envKeys: jsonb('env_keys').$type<string[]>().notNull(),
    useGpu: boolean('use_gpu').notNull().default(false),
    volumes: jsonb('volumes').$type<unknown[]>().notNull(),
    uploads: jsonb('uploads').$type<unknown[]>().notNull(),
    artifactsDir: text('artifacts_dir'),
    onTrustedMiner: boolean('on_trusted_miner').notNull().default(false),
    downloadTimeLimit: integer('download_time_limit').notNull(),
    executionTimeLimit: integer('execution_time_limit').notNull(),
    uploadTimeLimit: integer('upload_time_limit').notNull(),
    streamingStartTimeLimit: integer('streaming_start_time_limit').notNull(),
    streamingClientCert: text('streaming_client_cert'),
    signatureType: text('signature_type').notNull(),
    signatory: text('signatory').notNull(),
    signatureTimestampNs: bigint('signature_timestamp_ns', { mode: 'bigint' }).notNull(),
    signature: text('signature').notNull(),
    signatureScope: text('signature_scope').notNull(),
    tag: text('tag').notNull().default(''),
    status: text('status').notNull(),
    stdout: text('stdout').notNull().default(''),
    stderr: text('stderr').notNull().default(''),
    artifacts: jsonb('artifacts').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    uploadResults: jsonb('upload_results').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    streamingServerCert: text('streaming_server_cert'),
    streamingServerAddress: text('streaming_server_address'),
    streamingServerPort: integer('streaming_server_port'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    lastUpdate: timestamp('last_update', tz).notNull().defaultNow(),
  },
  (t) => [index('jobs_submitter_id_idx').on(t.submitter, t.id), index('jobs_submitter_tag_idx').on(t.submitter, t.tag)],
);

/** Every status a job went through, in order; a job reaches each status at most once. */
export const jobStatuses = pgTable(
  'job_statuses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [unique('job_statuses_job_status_unique').on(t.jobId, t.status)],
);
