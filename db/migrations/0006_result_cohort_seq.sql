DROP INDEX "result_campaign_idx";--> statement-breakpoint
ALTER TABLE "result" ADD COLUMN "cohort_seq" integer;--> statement-breakpoint
-- Existing results keep the order their sign-off times gave them.
UPDATE "result" SET "cohort_seq" = ordered.seq FROM (SELECT "id", row_number() OVER (PARTITION BY "campaign_id" ORDER BY "signed_off_at", "id") AS seq FROM "result") AS ordered WHERE "result"."id" = ordered."id";--> statement-breakpoint
ALTER TABLE "result" ALTER COLUMN "cohort_seq" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "result_campaign_seq_unique" ON "result" USING btree ("campaign_id","cohort_seq");
