CREATE TABLE "campaign_units" (
	"campaign_id" integer,
	"unit_id" integer,
	CONSTRAINT "campaign_units_pkey" PRIMARY KEY("campaign_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "review_opens_on" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "legality_opens_on" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "legality_deadline" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "consultation_opens_on" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "confirmation_opens_on" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "confirmation_deadline" date;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "approval_opens_on" date;--> statement-breakpoint
ALTER TABLE "key_task_progress" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "key_task_progress" ADD COLUMN "published_figures" jsonb;--> statement-breakpoint
CREATE INDEX "campaign_units_unit_idx" ON "campaign_units" ("unit_id");--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
-- Progress entries written before drafts existed were all published when they were reported.
UPDATE "key_task_progress" SET "published_at" = "reported_at" WHERE "published_at" IS NULL;
