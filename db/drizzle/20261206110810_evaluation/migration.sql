CREATE TYPE "evaluation_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TYPE "licensing_report_status" AS ENUM('pending', 'published');--> statement-breakpoint
CREATE TABLE "licensing_reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "licensing_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"deadline" date NOT NULL,
	"status" "licensing_report_status" DEFAULT 'pending'::"licensing_report_status" NOT NULL,
	"link" text,
	"reference" text,
	"published_on" date,
	"published_by_id" integer,
	"requested_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licensing_reports_year_range" CHECK ("year" between 2000 and 2100),
	CONSTRAINT "licensing_reports_published_where" CHECK ("status" = 'pending' or ("published_on" is not null and ("link" is not null or "reference" is not null)))
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "status" "evaluation_status" DEFAULT 'submitted'::"evaluation_status" NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "results" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "applicant_changes" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "problems" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "suggestions" text;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "summary" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "evaluations_unit_idx" ON "evaluations" ("unit_id","campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_self_per_unit_key" ON "evaluations" ("campaign_id","unit_id") WHERE "kind" = 'self';--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_assessment_per_unit_key" ON "evaluations" ("campaign_id","unit_id") WHERE "kind" = 'third_party' and "unit_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_overall_assessment_key" ON "evaluations" ("campaign_id") WHERE "kind" = 'third_party' and "unit_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "licensing_reports_unit_year_key" ON "licensing_reports" ("unit_id","year");--> statement-breakpoint
CREATE INDEX "licensing_reports_year_idx" ON "licensing_reports" ("year","status","id");--> statement-breakpoint
ALTER TABLE "licensing_reports" ADD CONSTRAINT "licensing_reports_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "licensing_reports" ADD CONSTRAINT "licensing_reports_published_by_id_users_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "licensing_reports" ADD CONSTRAINT "licensing_reports_requested_by_id_users_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_self_has_unit" CHECK ("kind" = 'third_party' or "unit_id" is not null);--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_score_range" CHECK ("score" is null or "score" between 1 and 5);