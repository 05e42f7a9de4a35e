CREATE TABLE "job_accepted_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_accepted_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"payload" jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text,
	"time_accepted" timestamp with time zone NOT NULL,
	"ttl" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_finished_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_finished_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"payload" jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text,
	"time_started" timestamp with time zone NOT NULL,
	"time_took_us" integer NOT NULL,
	"score_str" text NOT NULL,
	"block_numbers" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_started_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_started_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"payload" jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text,
	"executor_class" text NOT NULL,
	"is_organic" boolean NOT NULL,
	"ttl" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "miner_blacklist" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "miner_blacklist_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"miner_hotkey" text NOT NULL,
	"reason" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "miner_incidents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "miner_incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"job_uuid" text,
	"executor_class" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "miner_manifests" (
	"miner_hotkey" text NOT NULL,
	"executor_class" text NOT NULL,
	"count" integer NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "miner_manifests_miner_hotkey_executor_class_pk" PRIMARY KEY("miner_hotkey","executor_class")
);
--> statement-breakpoint
CREATE TABLE "miners" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"port" integer NOT NULL,
	"ip_version" integer DEFAULT 4 NOT NULL,
	"coldkey" text,
	"uid" integer,
	"source" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "miners_source_check" CHECK ("miners"."source" in ('config', 'cli', 'chain'))
);
--> statement-breakpoint
CREATE TABLE "organic_job_statuses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organic_job_statuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"status" text NOT NULL,
	"metadata" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organic_jobs" (
	"job_uuid" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"submitted_by" text,
	"miner_hotkey" text,
	"miner_address" text,
	"miner_port" integer,
	"executor_class" text NOT NULL,
	"image" text NOT NULL,
	"namespace" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"last_status" text NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"request" jsonb NOT NULL,
	"stdout" text,
	"stderr" text,
	"artifacts" jsonb,
	"upload_results" jsonb,
	"error_type" text,
	"error_detail" text,
	"accepted_at" timestamp with time zone,
	"executor_ready_at" timestamp with time zone,
	"volumes_ready_at" timestamp with time zone,
	"execution_done_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validator_whitelist" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "job_accepted_receipts_job_miner" ON "job_accepted_receipts" USING btree ("job_uuid","miner_hotkey");--> statement-breakpoint
CREATE UNIQUE INDEX "job_finished_receipts_job_miner" ON "job_finished_receipts" USING btree ("job_uuid","miner_hotkey");--> statement-breakpoint
CREATE UNIQUE INDEX "job_started_receipts_job_miner" ON "job_started_receipts" USING btree ("job_uuid","miner_hotkey");--> statement-breakpoint
CREATE INDEX "job_started_receipts_busy_idx" ON "job_started_receipts" USING btree ("miner_hotkey","executor_class");--> statement-breakpoint
CREATE INDEX "miner_blacklist_miner_idx" ON "miner_blacklist" USING btree ("miner_hotkey","expires_at");--> statement-breakpoint
CREATE INDEX "miner_incidents_miner_idx" ON "miner_incidents" USING btree ("miner_hotkey","at");--> statement-breakpoint
CREATE INDEX "organic_job_statuses_job_idx" ON "organic_job_statuses" USING btree ("job_uuid","id");--> statement-breakpoint
CREATE INDEX "organic_jobs_status_idx" ON "organic_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "organic_jobs_created_idx" ON "organic_jobs" USING btree ("created_at");