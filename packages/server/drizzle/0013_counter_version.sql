-- A tenant's counter version (issue #13): a server keeps each tenant's open loads (reps.open_load)
-- and daily counts (daily_counts) in memory and reloads them only when someone else changed them.
-- Every statement writing those rows, whichever process, route or script ran it, gives the tenant
-- a new random version once per writing transaction (`txid`), and keeps the version it replaced
-- (`prior`). A server that wrote the last change itself knows what it wrote: its copy is current
-- when the row says "txid = my transaction, prior = the version I loaded" — anyone else writing in
-- between would have replaced `prior`. Random, as roster_versions: one process may talk to several
-- databases. Statement-level triggers with transition tables: a batch moving 200 loads bumps the
-- version once per statement, not once per row. No foreign key, as roster_versions.
CREATE TABLE "counter_versions" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"version" uuid NOT NULL,
	"prior" uuid,
	"txid" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "counter_versions" ("tenant_id", "version", "txid") SELECT "id", gen_random_uuid(), txid_current() FROM "tenants";
--> statement-breakpoint
CREATE FUNCTION sluice_counters_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- `changed` is the statement's transition table (new rows, or old ones for a delete).
	INSERT INTO counter_versions AS v (tenant_id, version, prior, txid)
	SELECT t.tenant_id, gen_random_uuid(), NULL, txid_current() FROM (SELECT DISTINCT c.tenant_id FROM changed c) t
	ON CONFLICT (tenant_id) DO UPDATE SET prior = v.version, version = excluded.version, txid = excluded.txid WHERE v.txid <> excluded.txid;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "reps_counters_insert" AFTER INSERT ON "reps" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
--> statement-breakpoint
CREATE TRIGGER "reps_counters_update" AFTER UPDATE ON "reps" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
--> statement-breakpoint
CREATE TRIGGER "reps_counters_delete" AFTER DELETE ON "reps" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_counts_counters_insert" AFTER INSERT ON "daily_counts" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_counts_counters_update" AFTER UPDATE ON "daily_counts" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
--> statement-breakpoint
CREATE TRIGGER "daily_counts_counters_delete" AFTER DELETE ON "daily_counts" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sluice_counters_changed();
