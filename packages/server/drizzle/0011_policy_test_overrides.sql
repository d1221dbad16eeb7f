ALTER TABLE "policy_versions" ADD COLUMN "override" jsonb;--> statement-breakpoint
ALTER TABLE "policy_log" ADD COLUMN "override" jsonb;
