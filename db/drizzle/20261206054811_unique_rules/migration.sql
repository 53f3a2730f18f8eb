DROP INDEX "campaigns_year_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_active_name_key" ON "api_tokens" ("user_id","name") WHERE "revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_year_key" ON "campaigns" ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "power_item_claims_granted_per_item_key" ON "power_item_claims" ("power_item_id") WHERE "status" = 'granted';--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_open_per_item_key" ON "proposals" ("campaign_id","power_item_id") WHERE "power_item_id" is not null and "status" not in ('withdrawn', 'rejected');--> statement-breakpoint
CREATE UNIQUE INDEX "consultations_open_per_proposal_key" ON "consultations" ("proposal_id") WHERE "status" = 'open';