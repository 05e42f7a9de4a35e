CREATE TABLE "accepted_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "accepted_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"executor_token" text NOT NULL,
	"executor_class" text NOT NULL,
	"status" text NOT NULL,
	"initial_job_details" jsonb NOT NULL,
	"full_job_details" jsonb,
	"exit_status" integer,
	"stdout" text,
	"stderr" text,
	"error_type" text,
	"error_detail" text,
	"artifacts" jsonb,
	"upload_results" jsonb,
	"executor_address" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"executor_ready_at" timestamp with time zone,
	"volumes_ready_at" timestamp with time zone,
	"execution_done_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accepted_jobs_job_uuid_unique" UNIQUE("job_uuid"),
	CONSTRAINT "accepted_jobs_executor_token_unique" UNIQUE("executor_token"),
	CONSTRAINT "accepted_jobs_status_check" CHECK ("accepted_jobs"."status" in ('WAITING_FOR_EXECUTOR', 'WAITING_FOR_PAYLOAD', 'RUNNING', 'FINISHED', 'FAILED', 'REJECTED'))
);
--> statement-breakpoint
CREATE TABLE "job_accepted_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_accepted_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"time_accepted" timestamp with time zone NOT NULL,
	"ttl" integer NOT NULL,
	CONSTRAINT "job_accepted_receipts_job_uuid_unique" UNIQUE("job_uuid")
);
--> statement-breakpoint
CREATE TABLE "job_finished_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_finished_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"time_started" timestamp with time zone NOT NULL,
	"time_took_us" bigint NOT NULL,
	"score_str" text NOT NULL,
	"block_numbers" jsonb NOT NULL,
	CONSTRAINT "job_finished_receipts_job_uuid_unique" UNIQUE("job_uuid")
);
--> statement-breakpoint
CREATE TABLE "job_started_receipts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_started_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job_uuid" text NOT NULL,
	"validator_hotkey" text NOT NULL,
	"miner_hotkey" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"validator_signature" text NOT NULL,
	"miner_signature" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"executor_class" text NOT NULL,
	"is_organic" boolean NOT NULL,
	"ttl" integer NOT NULL,
	CONSTRAINT "job_started_receipts_job_uuid_unique" UNIQUE("job_uuid")
);
--> statement-breakpoint
CREATE TABLE "validator_blacklist" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validators" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"debug" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "validators_source_check" CHECK ("validators"."source" in ('config', 'cli', 'chain'))
);
--> statement-breakpoint
CREATE INDEX "accepted_jobs_status_idx" ON "accepted_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "accepted_jobs_created_at_idx" ON "accepted_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "job_started_receipts_class_timestamp_idx" ON "job_started_receipts" USING btree ("executor_class","timestamp");