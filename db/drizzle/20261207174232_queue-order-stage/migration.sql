-- The queue's order indexes end with the stage, which the team's read rule reads: a searched page's
-- ids are found by walking one of them alone (pageIdsFirst in server/src/pagination.ts).
DROP INDEX "proposals_campaign_updated_idx";--> statement-breakpoint
CREATE INDEX "proposals_campaign_updated_idx" ON "proposals" ("campaign_id","updated_at","id","stage");--> statement-breakpoint
DROP INDEX "proposals_campaign_submission_idx";--> statement-breakpoint
CREATE INDEX "proposals_campaign_submission_idx" ON "proposals" ("campaign_id","submission_order","id","stage");