CREATE TABLE "hotkey_whitelist" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_statuses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" bigint NOT NULL,
	"status" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_statuses_job_status_unique" UNIQUE("job_id","status")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid NOT NULL,
	"submitter" text NOT NULL,
	"target_validator" text NOT NULL,
	"executor_class" text NOT NULL,
	"docker_image" text NOT NULL,
	"job_namespace" text,
	"args" jsonb NOT NULL,
	"env_keys" jsonb NOT NULL,
	"use_gpu" boolean DEFAULT false NOT NULL,
	"volumes" jsonb NOT NULL,
	"uploads" jsonb NOT NULL,
	"artifacts_dir" text,
	"on_trusted_miner" boolean DEFAULT false NOT NULL,
	"download_time_limit" integer NOT NULL,
	"execution_time_limit" integer NOT NULL,
	"upload_time_limit" integer NOT NULL,
	"streaming_start_time_limit" integer NOT NULL,
	"streaming_client_cert" text,
	"signature_type" text NOT NULL,
	"signatory" text NOT NULL,
	"signature_timestamp_ns" bigint NOT NULL,
	"signature" text NOT NULL,
	"signature_scope" text NOT NULL,
	"tag" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"stdout" text DEFAULT '' NOT NULL,
	"stderr" text DEFAULT '' NOT NULL,
	"artifacts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"upload_results" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"streaming_server_cert" text,
	"streaming_server_address" text,
	"streaming_server_port" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "validators" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" text,
	"runner_version" text,
	"last_seen" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_statuses" ADD CONSTRAINT "job_statuses_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_submitter_id_idx" ON "jobs" USING btree ("submitter","id");--> statement-breakpoint
CREATE INDEX "jobs_submitter_tag_idx" ON "jobs" USING btree ("submitter","tag");