ALTER TABLE "decisions" ALTER COLUMN "decision" SET DATA TYPE json USING "decision"::json;
