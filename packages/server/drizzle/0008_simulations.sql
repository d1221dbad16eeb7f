CREATE TABLE "dataset_chunks" (
	"tenant_id" text NOT NULL,
	"upload_id" text NOT NULL,
	"seq" integer NOT NULL,
	"data_base64" text NOT NULL,
	CONSTRAINT "dataset_chunks_tenant_id_upload_id_seq_pk" PRIMARY KEY("tenant_id","upload_id","seq")
);
--> statement-breakpoint
CREATE TABLE "dataset_files" (
	"tenant_id" text NOT NULL,
	"dataset_id" text NOT NULL,
	"kind" text NOT NULL,
	"upload_id" text NOT NULL,
	"file_name" text,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dataset_files_tenant_id_dataset_id_kind_pk" PRIMARY KEY("tenant_id","dataset_id","kind")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "datasets_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "simulations" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"dataset_id" text NOT NULL,
	"status" text NOT NULL,
	"progress" jsonb NOT NULL,
	"candidates" jsonb NOT NULL,
	"seed" integer NOT NULL,
	"report" jsonb,
	"error" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	CONSTRAINT "simulations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "evidence" jsonb;--> statement-breakpoint
CREATE INDEX "simulations_status" ON "simulations" USING btree ("status");