ALTER TYPE "reminder_subject" ADD VALUE 'power_item';--> statement-breakpoint
ALTER TABLE "handovers" ADD COLUMN "coordinator_note" text;--> statement-breakpoint
ALTER TABLE "handovers" ADD COLUMN "coordinator_note_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handovers" ADD COLUMN "coordinator_note_by_id" integer;--> statement-breakpoint
CREATE INDEX "handovers_status_idx" ON "handovers" ("status","id");--> statement-breakpoint
CREATE INDEX "handovers_open_planned_idx" ON "handovers" ("planned_on","id") WHERE "status" <> 'taken_over';--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_coordinator_note_by_id_users_id_fkey" FOREIGN KEY ("coordinator_note_by_id") REFERENCES "users"("id");