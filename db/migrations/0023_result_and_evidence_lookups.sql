CREATE INDEX "evidence_sha256_idx" ON "evidence" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "result_campaign_city_idx" ON "result" USING btree ("campaign_id","city_org_id");