-- A step loads a matched customer's whole group as the CRM links accounts by parentId (S25: parent
-- and subsidiaries as one customer): from each account down to its subsidiaries is one read of this
-- index instead of a scan of the tenant's customers.
CREATE INDEX "customers_parent" ON "customers" USING btree ("tenant_id",(("data"->>'parentId')));
