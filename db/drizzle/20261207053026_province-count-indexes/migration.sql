DROP INDEX "proposals_campaign_classification_idx";--> statement-breakpoint
CREATE INDEX "proposals_campaign_classification_idx" ON "proposals" ("campaign_id","classification_code","id","stage");--> statement-breakpoint
CREATE INDEX "proposals_campaign_id_idx" ON "proposals" ("campaign_id","id","stage","status");