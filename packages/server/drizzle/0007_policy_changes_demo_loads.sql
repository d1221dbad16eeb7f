CREATE TABLE "demo_loads" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"actor" text NOT NULL,
	"events_from" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "changed_by" text;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "change_action" text;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "draft_saved_by" text;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "draft_saved_at" timestamp with time zone;--> statement-breakpoint
-- Rows written before these columns: the last publication or rollback is known from the log, and it
-- is the last change when nothing was saved after it (same instant); a later draft save stays unknown.
UPDATE "policies" AS p SET "changed_by" = l."actor", "change_action" = l."action"
FROM (SELECT DISTINCT ON ("tenant_id", "key") "tenant_id", "key", "actor", "action", "at" FROM "policy_log" ORDER BY "tenant_id", "key", "id" DESC) AS l
WHERE p."tenant_id" = l."tenant_id" AND p."key" = l."key" AND p."updated_at" = l."at";
