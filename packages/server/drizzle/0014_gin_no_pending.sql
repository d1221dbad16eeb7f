-- The match-key GIN indexes without a pending list (issue #13). With `fastupdate` on (the default),
-- new entries wait in an unsorted pending list that only VACUUM (autovacuum) or a full 4 MB list
-- merges into the index, and every search reads the whole list. The embedded database (PGlite)
-- never vacuums: each decision's search for leads and customers sharing a match key read up to
-- 4 MB of pending entries, 0.2–0.5 s a load at 100,000 stored leads, growing with the table.
-- Without it each insert updates the index at once (a few entries per lead) and a search reads
-- only the keys it asks for. The lists already pending are merged now.
ALTER INDEX "leads_keys" SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX "customers_keys" SET (fastupdate = off);
--> statement-breakpoint
SELECT gin_clean_pending_list('leads_keys'::regclass);
--> statement-breakpoint
SELECT gin_clean_pending_list('customers_keys'::regclass);
