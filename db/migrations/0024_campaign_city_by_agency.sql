DROP INDEX "campaign_city_agency_idx";--> statement-breakpoint
CREATE INDEX "campaign_city_second_agency_idx" ON "campaign_city" USING btree ("second_agency_org_id","campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_city_agency_idx" ON "campaign_city" USING btree ("agency_org_id","campaign_id");