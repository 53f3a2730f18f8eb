CREATE TYPE "notification_digest" AS ENUM('off', 'daily', 'hourly');--> statement-breakpoint
CREATE TYPE "notification_kind" AS ENUM('mention', 'reply', 'assignment', 'proposal_returned', 'proposal_decided', 'proposal_contested', 'consultation', 'reminder', 'deadline', 'department_comment');--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"user_id" integer PRIMARY KEY,
	"muted_kinds" "notification_kind"[] DEFAULT '{}'::"notification_kind"[] NOT NULL,
	"digest" "notification_digest" DEFAULT 'off'::"notification_digest" NOT NULL,
	"email" text,
	"last_digest_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"activity_id" bigint NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"proposal_id" integer,
	"thread_id" integer,
	"read_at" timestamp with time zone,
	"digested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_activity_key" ON "notifications" ("user_id","activity_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" ("user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id","id") WHERE "read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_activity_idx" ON "notifications" ("activity_id");--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_activity_id_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id");