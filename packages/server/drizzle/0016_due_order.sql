-- An owned-leads tick reads its due leads a page at a time, each page in the chunk that runs it
-- (issue #13): `(next_due_at, id) > (the last page's last)`, in that order, `limit n`. With the lead
-- id in the index that is one range scan of n entries, ties on the due included (every lead of a
-- clockless policy is due at '-infinity'); the leads of unknown due (NULL) page the same way by id.
DROP INDEX "leads_next_due";
--> statement-breakpoint
CREATE INDEX "leads_next_due" ON "leads" USING btree ("tenant_id","next_due_at","id");
