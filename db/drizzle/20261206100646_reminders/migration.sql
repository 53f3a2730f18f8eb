CREATE TYPE "reminder_channel" AS ENUM('notice', 'phone', 'meeting', 'automatic');--> statement-breakpoint
CREATE TYPE "reminder_subject" AS ENUM('campaign', 'proposal', 'consultation', 'claim', 'handover', 'evaluation');--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"recipient_unit_id" integer,
	"recipient_user_id" integer,
	"subject" "reminder_subject" NOT NULL,
	"subject_id" integer,
	"channel" "reminder_channel" NOT NULL,
	"message" text,
	"due_on" date,
	"sent_by_id" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_id" integer,
	CONSTRAINT "reminders_one_recipient" CHECK (num_nonnulls("recipient_unit_id", "recipient_user_id") = 1),
	CONSTRAINT "reminders_subject_row" CHECK (("subject" = 'campaign') = ("subject_id" is null))
);
--> statement-breakpoint
CREATE INDEX "reminders_recipient_unit_idx" ON "reminders" ("recipient_unit_id","id");--> statement-breakpoint
CREATE INDEX "reminders_recipient_user_idx" ON "reminders" ("recipient_user_id","id");--> statement-breakpoint
CREATE INDEX "reminders_campaign_idx" ON "reminders" ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "reminders_subject_idx" ON "reminders" ("subject","subject_id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_recipient_unit_id_units_id_fkey" FOREIGN KEY ("recipient_unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_recipient_user_id_users_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_sent_by_id_users_id_fkey" FOREIGN KEY ("sent_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_acknowledged_by_id_users_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id");