CREATE TABLE "server_keys" (
	"name" text PRIMARY KEY,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "contact" text;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "reply" text;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "moderated_by_id" integer;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "moderated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "address_hash" text;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "public_comments" ADD COLUMN "challenge" text;--> statement-breakpoint
DROP INDEX "public_comments_proposal_idx";--> statement-breakpoint
CREATE INDEX "public_comments_proposal_idx" ON "public_comments" ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "public_comments_received_proposal_idx" ON "public_comments" ("proposal_id") WHERE "status" = 'received';--> statement-breakpoint
CREATE INDEX "public_comments_received_campaign_idx" ON "public_comments" ("campaign_id") WHERE "status" = 'received';--> statement-breakpoint
CREATE INDEX "public_comments_address_idx" ON "public_comments" ("address_hash","created_at") WHERE "address_hash" is not null;--> statement-breakpoint
CREATE INDEX "public_comments_submitted_idx" ON "public_comments" ("created_at") WHERE "address_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "public_comments_idempotency_key" ON "public_comments" ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "public_comments_challenge_key" ON "public_comments" ("challenge");--> statement-breakpoint
ALTER TABLE "public_comments" ADD CONSTRAINT "public_comments_moderated_by_id_users_id_fkey" FOREIGN KEY ("moderated_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "public_comments" ADD CONSTRAINT "public_comments_body_length" CHECK (char_length("body") between 1 and 2000);