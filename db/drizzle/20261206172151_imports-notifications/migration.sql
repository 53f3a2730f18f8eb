CREATE TYPE "notification_digest" AS ENUM('off', 'daily', 'hourly');--> statement-breakpoint
CREATE TYPE "notification_kind" AS ENUM('mention', 'reply', 'assignment', 'proposal_returned', 'proposal_decided', 'proposal_contested', 'consultation', 'reminder', 'deadline', 'department_comment');--> statement-breakpoint
CREATE TYPE "import_kind" AS ENUM('power_items', 'proposals');--> statement-breakpoint
CREATE TYPE "import_status" AS ENUM('previewed', 'committed', 'discarded');--> statement-breakpoint
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
CREATE TABLE "import_mappings" (
	"unit_id" integer,
	"kind" "import_kind",
	"mapping" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_pkey" PRIMARY KEY("unit_id","kind")
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" integer,
	"row_number" integer,
	"cells" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb NOT NULL,
	CONSTRAINT "import_rows_pkey" PRIMARY KEY("import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "import_kind" NOT NULL,
	"unit_id" integer NOT NULL,
	"campaign_id" integer,
	"created_by_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"file" bytea,
	"format" text NOT NULL,
	"sheet" text NOT NULL,
	"sheets" jsonb NOT NULL,
	"header_row" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"submit" boolean DEFAULT false NOT NULL,
	"status" "import_status" DEFAULT 'previewed'::"import_status" NOT NULL,
	"counts" jsonb NOT NULL,
	"committed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_activity_key" ON "notifications" ("user_id","activity_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" ("user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id","id") WHERE "read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_activity_idx" ON "notifications" ("activity_id");--> statement-breakpoint
CREATE INDEX "import_rows_outcome_idx" ON "import_rows" ("import_id","outcome","row_number");--> statement-breakpoint
CREATE INDEX "imports_creator_idx" ON "imports" ("created_by_id","id");--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_activity_id_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id");--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_imports_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_id_users_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id");