ALTER TABLE "policy_versions" ADD COLUMN "override" jsonb;--> statement-breakpoint
ALTER TABLE "policy_log" ADD COLUMN "override" jsonb;--> statement-breakpoint
CREATE TABLE "decision_inputs" (
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "decision_inputs_tenant_id_event_id_pk" PRIMARY KEY("tenant_id","event_id")
);
