-- A tenant's roster version (issue #13): servers keep the roster (reps, teams, pools, calendars,
-- the tenant's zone) in memory and reload it only when this changes. Every write to those rows,
-- whichever process, route or script made it, gives the tenant a new random version, once per
-- writing transaction (`txid`); a rep's open_load, which every decision moves, is not roster.
-- Random rather than a counter: a server process may talk to several databases (tests do), and
-- a counter would repeat across them. No foreign key: a tenant's rows deleted in cascade would
-- otherwise write a row for a tenant going away.
CREATE TABLE "roster_versions" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"version" uuid NOT NULL,
	"txid" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "roster_versions" ("tenant_id", "version", "txid") SELECT "id", gen_random_uuid(), txid_current() FROM "tenants";
--> statement-breakpoint
CREATE FUNCTION sluice_bump_roster(tenant text) RETURNS void LANGUAGE sql AS $$
	-- Once per transaction and tenant: a sync of 5,000 reps writes the row once, then finds it set.
	INSERT INTO roster_versions AS v (tenant_id, version, txid) VALUES (tenant, gen_random_uuid(), txid_current())
	ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version, txid = excluded.txid WHERE v.txid <> excluded.txid;
$$;
--> statement-breakpoint
CREATE FUNCTION sluice_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM sluice_bump_roster(OLD.tenant_id);
	END IF;
	IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id) THEN
		PERFORM sluice_bump_roster(NEW.tenant_id);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION sluice_tenant_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM sluice_bump_roster(NEW.id);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "reps_roster_version" AFTER INSERT OR DELETE OR UPDATE OF "data", "id", "tenant_id" ON "reps" FOR EACH ROW EXECUTE FUNCTION sluice_roster_changed();
--> statement-breakpoint
CREATE TRIGGER "teams_roster_version" AFTER INSERT OR DELETE OR UPDATE ON "teams" FOR EACH ROW EXECUTE FUNCTION sluice_roster_changed();
--> statement-breakpoint
CREATE TRIGGER "pools_roster_version" AFTER INSERT OR DELETE OR UPDATE ON "pools" FOR EACH ROW EXECUTE FUNCTION sluice_roster_changed();
--> statement-breakpoint
CREATE TRIGGER "calendars_roster_version" AFTER INSERT OR DELETE OR UPDATE ON "calendars" FOR EACH ROW EXECUTE FUNCTION sluice_roster_changed();
--> statement-breakpoint
CREATE TRIGGER "tenants_roster_version" AFTER INSERT OR UPDATE OF "time_zone" ON "tenants" FOR EACH ROW EXECUTE FUNCTION sluice_tenant_zone_changed();
