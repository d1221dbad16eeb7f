ALTER TABLE "leads" ADD COLUMN "next_due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "leads_next_due" ON "leads" USING btree ("tenant_id","next_due_at");--> statement-breakpoint
-- Existing rows: an owned open lead's due is not known yet (NULL: the first tick works it out);
-- no owned-leads tick ever visits a lead nobody owns or that is closed, until a write changes it.
UPDATE "leads" SET "next_due_at" = 'infinity' WHERE NOT ("owner_id" IS NOT NULL AND "status" = 'open');--> statement-breakpoint
-- The tenant's clocks changed (a tick policy went live, a calendar or the time zone changed): every
-- owned open lead's stored due may now be late, so it becomes unknown and the next tick, in chunks,
-- works each out again. A trigger, so no writer (route, fixture, demo load, script) can forget it.
CREATE FUNCTION "sluice_dues_unknown"(t text) RETURNS void LANGUAGE sql AS $$
  UPDATE "leads" SET "next_due_at" = NULL
  WHERE "tenant_id" = t AND "owner_id" IS NOT NULL AND "status" = 'open' AND "next_due_at" IS NOT NULL
$$;--> statement-breakpoint
CREATE FUNCTION "sluice_policy_clocks_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A policy leaving the ticks only makes dues later: the stored ones stay safe (early) bounds.
  IF NEW.live_version IS NOT NULL AND NEW.live_events ? 'tick'
     AND (TG_OP = 'INSERT' OR NEW.live_version IS DISTINCT FROM OLD.live_version OR NEW.live_events IS DISTINCT FROM OLD.live_events) THEN
    PERFORM "sluice_dues_unknown"(NEW.tenant_id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "policies_clocks_changed" AFTER INSERT OR UPDATE ON "policies"
  FOR EACH ROW EXECUTE FUNCTION "sluice_policy_clocks_changed"();--> statement-breakpoint
CREATE FUNCTION "sluice_calendar_clocks_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "sluice_dues_unknown"(CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "calendars_clocks_changed" AFTER INSERT OR UPDATE OR DELETE ON "calendars"
  FOR EACH ROW EXECUTE FUNCTION "sluice_calendar_clocks_changed"();--> statement-breakpoint
CREATE FUNCTION "sluice_zone_clocks_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.time_zone IS DISTINCT FROM OLD.time_zone THEN
    PERFORM "sluice_dues_unknown"(NEW.id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tenants_clocks_changed" AFTER UPDATE ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION "sluice_zone_clocks_changed"();
