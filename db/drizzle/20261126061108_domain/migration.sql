CREATE TYPE "unit_kind" AS ENUM('lead_office', 'review_body', 'department', 'district', 'evaluator');--> statement-breakpoint
CREATE TYPE "role" AS ENUM('coordinator', 'reviewer', 'legal_reviewer', 'submitter', 'district_liaison', 'approver', 'observer');--> statement-breakpoint
CREATE TYPE "campaign_status" AS ENUM('planning', 'submission', 'review', 'consultation', 'approval', 'published', 'handover', 'evaluation', 'closed');--> statement-breakpoint
CREATE TYPE "claim_status" AS ENUM('pending', 'granted', 'rejected');--> statement-breakpoint
CREATE TYPE "power_item_status" AS ENUM('in_force', 'cancelled', 'delegated', 'merged');--> statement-breakpoint
CREATE TYPE "power_source" AS ENUM('statutory', 'delegated_from_above', 'entrusted');--> statement-breakpoint
CREATE TYPE "proposal_action" AS ENUM('cancel', 'delegate', 'entrust', 'merge', 'adjust', 'retain', 'add');--> statement-breakpoint
CREATE TYPE "proposal_stage" AS ENUM('draft', 'submitted', 'initial_review', 'legality_review', 'recheck', 'consultation', 'unit_confirmation', 'approval', 'decided');--> statement-breakpoint
CREATE TYPE "proposal_status" AS ENUM('active', 'returned', 'withdrawn', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "review_verdict" AS ENUM('approve', 'reject', 'return', 'lawful', 'lawful_with_conditions', 'unlawful', 'confirmed', 'contested');--> statement-breakpoint
CREATE TYPE "comment_anchor" AS ENUM('power_item', 'action', 'target_districts', 'rationale', 'change_legal_basis', 'legal_basis');--> statement-breakpoint
CREATE TYPE "comment_visibility" AS ENUM('internal', 'shared');--> statement-breakpoint
CREATE TYPE "consultation_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "district_stance" AS ENUM('agree', 'agree_with_conditions', 'disagree');--> statement-breakpoint
CREATE TYPE "handover_status" AS ENUM('preparing', 'ready', 'taken_over', 'blocked');--> statement-breakpoint
CREATE TYPE "evaluation_kind" AS ENUM('self', 'third_party');--> statement-breakpoint
CREATE TYPE "public_comment_status" AS ENUM('received', 'accepted', 'dismissed');--> statement-breakpoint
CREATE TYPE "progress_status" AS ENUM('on_track', 'done', 'delayed');--> statement-breakpoint
CREATE TABLE "units" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "unit_kind" NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"name_en" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "units_code_not_blank" CHECK (length(trim("code")) > 0)
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"read_only" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"token_hash" text NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"unit_id" integer NOT NULL,
	"roles" "role"[] DEFAULT '{}'::"role"[] NOT NULL,
	"password_hash" text NOT NULL,
	"email" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaigns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"notice_number" text,
	"lead_unit_id" integer NOT NULL,
	"status" "campaign_status" DEFAULT 'planning'::"campaign_status" NOT NULL,
	"submission_opens_on" date,
	"submission_deadline" date,
	"review_deadline" date,
	"consultation_deadline" date,
	"approval_deadline" date,
	"published_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "campaigns_year_range" CHECK ("year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "classification_options" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "classification_options_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "power_item_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "power_item_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"power_item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"actor_id" integer,
	"proposal_id" integer,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "power_item_claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "power_item_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"power_item_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"claimed_by_id" integer,
	"reason" text,
	"status" "claim_status" DEFAULT 'pending'::"claim_status" NOT NULL,
	"decided_by_id" integer,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "power_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "power_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"basic_code" text NOT NULL,
	"name" text NOT NULL,
	"sub_item_name" text,
	"type_code" text NOT NULL,
	"legal_basis" text NOT NULL,
	"level" smallint NOT NULL,
	"implementing_unit_id" integer,
	"handling_division" text,
	"co_implementers" text,
	"responsibility_steps" text[] DEFAULT '{}'::text[] NOT NULL,
	"accountability" text,
	"source" "power_source" DEFAULT 'statutory'::"power_source" NOT NULL,
	"status" "power_item_status" DEFAULT 'in_force'::"power_item_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "power_items_type_code_valid" CHECK ("type_code" in ('01','02','03','04','05','06','07','08','09','10')),
	CONSTRAINT "power_items_level_valid" CHECK ("level" between 1 and 7),
	CONSTRAINT "power_items_basic_code_not_blank" CHECK (length(trim("basic_code")) > 0)
);
--> statement-breakpoint
CREATE TABLE "proposal_assignees" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposal_assignees_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"assigned_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_districts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposal_districts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"district_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"power_item_id" integer,
	"power_type_code" text NOT NULL,
	"submitting_unit_id" integer NOT NULL,
	"action" "proposal_action" NOT NULL,
	"merge_into_item_id" integer,
	"proposed_item_name" text,
	"rationale" text NOT NULL,
	"change_legal_basis" text,
	"attachments" jsonb DEFAULT '[]' NOT NULL,
	"stage" "proposal_stage" DEFAULT 'draft'::"proposal_stage" NOT NULL,
	"status" "proposal_status" DEFAULT 'active'::"proposal_status" NOT NULL,
	"classification_code" text,
	"lead_reviewer_id" integer,
	"created_by_id" integer,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "proposals_power_item_required" CHECK ("power_item_id" is not null or "action" = 'add')
);
--> statement-breakpoint
CREATE TABLE "classification_votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "classification_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"reviewer_id" integer NOT NULL,
	"code" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"stage" "proposal_stage" NOT NULL,
	"reviewer_id" integer NOT NULL,
	"verdict" "review_verdict" NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comment_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comment_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"comment_id" integer NOT NULL,
	"body" text NOT NULL,
	"edited_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comment_threads" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comment_threads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"anchor" "comment_anchor",
	"visibility" "comment_visibility" DEFAULT 'internal'::"comment_visibility" NOT NULL,
	"author_id" integer NOT NULL,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolved_by_id" integer,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"thread_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"mentioned_user_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consultations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"opened_by_id" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" "consultation_status" DEFAULT 'open'::"consultation_status" NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "district_feedback" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "district_feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"consultation_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"stance" "district_stance",
	"staffing_needs" text,
	"systems_needs" text,
	"training_needs" text,
	"funding_needs" text,
	"capacity_notes" text,
	"comments" text,
	"responded_by_id" integer,
	"responded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handovers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "handovers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"power_item_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"status" "handover_status" DEFAULT 'preparing'::"handover_status" NOT NULL,
	"staffing_ready" boolean DEFAULT false NOT NULL,
	"systems_ready" boolean DEFAULT false NOT NULL,
	"training_done" boolean DEFAULT false NOT NULL,
	"notes" text,
	"planned_on" date,
	"taken_over_at" timestamp with time zone,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"unit_id" integer,
	"kind" "evaluation_kind" NOT NULL,
	"author_id" integer NOT NULL,
	"score" smallint,
	"summary" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "public_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"proposal_id" integer,
	"author_name" text,
	"body" text NOT NULL,
	"status" "public_comment_status" DEFAULT 'received'::"public_comment_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_task_goals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "key_task_goals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key_task_id" integer NOT NULL,
	"quarter" smallint NOT NULL,
	"position" smallint NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "key_task_goals_quarter_valid" CHECK ("quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "key_task_progress" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "key_task_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key_task_id" integer NOT NULL,
	"quarter" smallint NOT NULL,
	"status" "progress_status" NOT NULL,
	"items" text[] DEFAULT '{}'::text[] NOT NULL,
	"reported_by_id" integer,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "key_task_progress_quarter_valid" CHECK ("quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "key_tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "key_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"campaign_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_id" integer,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" integer NOT NULL,
	"campaign_id" integer,
	"proposal_id" integer,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_key" ON "units" ("code");--> statement-breakpoint
CREATE INDEX "units_kind_idx" ON "units" ("kind","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" ("username");--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" ("unit_id");--> statement-breakpoint
CREATE INDEX "campaigns_year_idx" ON "campaigns" ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "classification_options_campaign_code_key" ON "classification_options" ("campaign_id","code");--> statement-breakpoint
CREATE INDEX "power_item_changes_item_idx" ON "power_item_changes" ("power_item_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "power_item_claims_item_unit_key" ON "power_item_claims" ("power_item_id","unit_id");--> statement-breakpoint
CREATE INDEX "power_item_claims_status_idx" ON "power_item_claims" ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "power_items_basic_code_key" ON "power_items" ("basic_code");--> statement-breakpoint
CREATE INDEX "power_items_unit_idx" ON "power_items" ("implementing_unit_id","id");--> statement-breakpoint
CREATE INDEX "power_items_type_idx" ON "power_items" ("type_code","id");--> statement-breakpoint
CREATE INDEX "power_items_status_idx" ON "power_items" ("status","id");--> statement-breakpoint
CREATE INDEX "power_items_unclaimed_idx" ON "power_items" ("id") WHERE "implementing_unit_id" is null;--> statement-breakpoint
CREATE INDEX "power_items_name_trgm_idx" ON "power_items" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_assignees_proposal_user_key" ON "proposal_assignees" ("proposal_id","user_id");--> statement-breakpoint
CREATE INDEX "proposal_assignees_user_idx" ON "proposal_assignees" ("user_id","proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_districts_proposal_district_key" ON "proposal_districts" ("proposal_id","district_id");--> statement-breakpoint
CREATE INDEX "proposal_districts_district_idx" ON "proposal_districts" ("district_id","proposal_id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_stage_idx" ON "proposals" ("campaign_id","stage","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_status_idx" ON "proposals" ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_unit_idx" ON "proposals" ("campaign_id","submitting_unit_id","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_action_idx" ON "proposals" ("campaign_id","action","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_type_idx" ON "proposals" ("campaign_id","power_type_code","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_classification_idx" ON "proposals" ("campaign_id","classification_code","id");--> statement-breakpoint
CREATE INDEX "proposals_campaign_updated_idx" ON "proposals" ("campaign_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "proposals_power_item_idx" ON "proposals" ("power_item_id");--> statement-breakpoint
CREATE INDEX "proposals_rationale_trgm_idx" ON "proposals" USING gin ("rationale" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "classification_votes_proposal_reviewer_key" ON "classification_votes" ("proposal_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "review_records_proposal_idx" ON "review_records" ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "comment_revisions_comment_idx" ON "comment_revisions" ("comment_id","id");--> statement-breakpoint
CREATE INDEX "comment_threads_proposal_idx" ON "comment_threads" ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "comments_thread_idx" ON "comments" ("thread_id","id");--> statement-breakpoint
CREATE INDEX "consultations_proposal_idx" ON "consultations" ("proposal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "district_feedback_consultation_district_key" ON "district_feedback" ("consultation_id","district_id");--> statement-breakpoint
CREATE INDEX "district_feedback_district_idx" ON "district_feedback" ("district_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "handovers_proposal_district_key" ON "handovers" ("proposal_id","district_id");--> statement-breakpoint
CREATE INDEX "handovers_district_idx" ON "handovers" ("district_id","status","id");--> statement-breakpoint
CREATE INDEX "evaluations_campaign_idx" ON "evaluations" ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "public_comments_campaign_idx" ON "public_comments" ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "public_comments_proposal_idx" ON "public_comments" ("proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "key_task_goals_task_quarter_position_key" ON "key_task_goals" ("key_task_id","quarter","position");--> statement-breakpoint
CREATE UNIQUE INDEX "key_task_progress_task_quarter_key" ON "key_task_progress" ("key_task_id","quarter");--> statement-breakpoint
CREATE UNIQUE INDEX "key_tasks_year_number_key" ON "key_tasks" ("year","number");--> statement-breakpoint
CREATE INDEX "activity_campaign_idx" ON "activity" ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "activity_proposal_idx" ON "activity" ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "activity_entity_idx" ON "activity" ("entity_type","entity_id","id");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_lead_unit_id_units_id_fkey" FOREIGN KEY ("lead_unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "classification_options" ADD CONSTRAINT "classification_options_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "power_item_changes" ADD CONSTRAINT "power_item_changes_power_item_id_power_items_id_fkey" FOREIGN KEY ("power_item_id") REFERENCES "power_items"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "power_item_changes" ADD CONSTRAINT "power_item_changes_actor_id_users_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "power_item_claims" ADD CONSTRAINT "power_item_claims_power_item_id_power_items_id_fkey" FOREIGN KEY ("power_item_id") REFERENCES "power_items"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "power_item_claims" ADD CONSTRAINT "power_item_claims_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "power_item_claims" ADD CONSTRAINT "power_item_claims_claimed_by_id_users_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "power_item_claims" ADD CONSTRAINT "power_item_claims_decided_by_id_users_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "power_items" ADD CONSTRAINT "power_items_implementing_unit_id_units_id_fkey" FOREIGN KEY ("implementing_unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "proposal_assignees" ADD CONSTRAINT "proposal_assignees_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "proposal_assignees" ADD CONSTRAINT "proposal_assignees_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "proposal_assignees" ADD CONSTRAINT "proposal_assignees_assigned_by_id_users_id_fkey" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "proposal_districts" ADD CONSTRAINT "proposal_districts_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "proposal_districts" ADD CONSTRAINT "proposal_districts_district_id_units_id_fkey" FOREIGN KEY ("district_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_power_item_id_power_items_id_fkey" FOREIGN KEY ("power_item_id") REFERENCES "power_items"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_submitting_unit_id_units_id_fkey" FOREIGN KEY ("submitting_unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_merge_into_item_id_power_items_id_fkey" FOREIGN KEY ("merge_into_item_id") REFERENCES "power_items"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_lead_reviewer_id_users_id_fkey" FOREIGN KEY ("lead_reviewer_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_created_by_id_users_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "classification_votes" ADD CONSTRAINT "classification_votes_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "classification_votes" ADD CONSTRAINT "classification_votes_reviewer_id_users_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "review_records" ADD CONSTRAINT "review_records_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "review_records" ADD CONSTRAINT "review_records_reviewer_id_users_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "comment_revisions" ADD CONSTRAINT "comment_revisions_comment_id_comments_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "comment_revisions" ADD CONSTRAINT "comment_revisions_edited_by_id_users_id_fkey" FOREIGN KEY ("edited_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_author_id_users_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "comment_threads" ADD CONSTRAINT "comment_threads_resolved_by_id_users_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_thread_id_comment_threads_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "comment_threads"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_opened_by_id_users_id_fkey" FOREIGN KEY ("opened_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "district_feedback" ADD CONSTRAINT "district_feedback_consultation_id_consultations_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultations"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "district_feedback" ADD CONSTRAINT "district_feedback_district_id_units_id_fkey" FOREIGN KEY ("district_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "district_feedback" ADD CONSTRAINT "district_feedback_responded_by_id_users_id_fkey" FOREIGN KEY ("responded_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id");--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_power_item_id_power_items_id_fkey" FOREIGN KEY ("power_item_id") REFERENCES "power_items"("id");--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_district_id_units_id_fkey" FOREIGN KEY ("district_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "handovers" ADD CONSTRAINT "handovers_updated_by_id_users_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_unit_id_units_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_author_id_users_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "public_comments" ADD CONSTRAINT "public_comments_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "public_comments" ADD CONSTRAINT "public_comments_proposal_id_proposals_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id");--> statement-breakpoint
ALTER TABLE "key_task_goals" ADD CONSTRAINT "key_task_goals_key_task_id_key_tasks_id_fkey" FOREIGN KEY ("key_task_id") REFERENCES "key_tasks"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "key_task_progress" ADD CONSTRAINT "key_task_progress_key_task_id_key_tasks_id_fkey" FOREIGN KEY ("key_task_id") REFERENCES "key_tasks"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "key_task_progress" ADD CONSTRAINT "key_task_progress_reported_by_id_users_id_fkey" FOREIGN KEY ("reported_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "key_tasks" ADD CONSTRAINT "key_tasks_lead_unit_id_units_id_fkey" FOREIGN KEY ("lead_unit_id") REFERENCES "units"("id");--> statement-breakpoint
ALTER TABLE "key_tasks" ADD CONSTRAINT "key_tasks_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_actor_id_users_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_campaign_id_campaigns_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id");