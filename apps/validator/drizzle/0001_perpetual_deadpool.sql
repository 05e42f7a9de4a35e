CREATE TABLE "weight_commits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "weight_commits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_start" integer NOT NULL,
	"commit_hash" text NOT NULL,
	"record" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"commit_block" integer,
	"reveal_tx_hash" text,
	"reveal_block" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weight_setting" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "weight_setting_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cycle_start" integer NOT NULL,
	"cycle_end" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"mode" text,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"uids" jsonb,
	"weights" jsonb,
	"tx_hash" text,
	"tx_block" integer,
	"reveal_round" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "weight_commits_hash" ON "weight_commits" USING btree ("commit_hash");--> statement-breakpoint
CREATE INDEX "weight_commits_status_idx" ON "weight_commits" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "weight_setting_cycle_start" ON "weight_setting" USING btree ("cycle_start");