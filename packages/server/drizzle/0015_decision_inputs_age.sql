-- Decision inputs are kept for a set number of days (--decision-inputs-days, default 90): the
-- scheduler deletes the older ones a few hundred at a time, oldest first. This index lets each of
-- those deletes find its rows without reading the whole table.
CREATE INDEX "decision_inputs_decided_at" ON "decision_inputs" USING btree ("decided_at");
