-- Smart-score models (issue #15): every trained or uploaded model is an immutable, numbered version
-- per tenant and key (draft until published; at most one published per key; the one it replaced
-- becomes retired), with the evaluation report it was trained with and where its data came from.
CREATE TABLE "score_models" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"model" jsonb NOT NULL,
	"report" jsonb,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"job_id" text,
	"dataset_id" text,
	"data_hash" text,
	"rows" integer,
	"period_from" text,
	"period_to" text,
	"settings" jsonb,
	"offered" boolean,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "score_models_tenant_id_key_version_pk" PRIMARY KEY("tenant_id","key","version")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "score_models_published" ON "score_models" USING btree ("tenant_id","key") WHERE "score_models"."status" = 'published';
--> statement-breakpoint
CREATE TABLE "model_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"note" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"override" jsonb
);
--> statement-breakpoint
CREATE INDEX "model_log_key" ON "model_log" USING btree ("tenant_id","key","id");
--> statement-breakpoint
-- Background jobs share the simulations table and its runner: a training job is kind 'train-model'
-- with its request in params (the queue, heartbeat, cancel and restart sweep are the same).
ALTER TABLE "simulations" ADD COLUMN "kind" text DEFAULT 'simulate' NOT NULL;
--> statement-breakpoint
ALTER TABLE "simulations" ADD COLUMN "params" jsonb;
--> statement-breakpoint
-- A tenant's model version, as roster_versions: servers keep the published models compiled in
-- memory and reload them only when this changes (any publication, rollback, new or deleted row,
-- by whichever process). Random, not a counter, for the reason roster_versions gives.
CREATE TABLE "model_versions" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"version" uuid NOT NULL,
	"txid" bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION sluice_models_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	tenant text := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
BEGIN
	INSERT INTO model_versions AS v (tenant_id, version, txid) VALUES (tenant, gen_random_uuid(), txid_current())
	ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version, txid = excluded.txid WHERE v.txid <> excluded.txid;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "score_models_version" AFTER INSERT OR DELETE OR UPDATE OF "status", "model" ON "score_models" FOR EACH ROW EXECUTE FUNCTION sluice_models_changed();
