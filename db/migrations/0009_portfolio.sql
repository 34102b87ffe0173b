CREATE TABLE "msf_raters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	CONSTRAINT "msf_raters_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "msf_raters_entry_email_unique" UNIQUE("entry_id","email")
);
--> statement-breakpoint
CREATE TABLE "msf_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"role" text NOT NULL,
	"answers" jsonb NOT NULL,
	"received_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pdp_goals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"entry_id" uuid,
	"text" text NOT NULL,
	"target_date" date,
	"status" text NOT NULL,
	"carried_from" uuid,
	"review_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_assessor_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"assessor_name" text NOT NULL,
	"assessor_email" text NOT NULL,
	"assessor_role" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "portfolio_assessor_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "portfolio_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"author_user_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_drafts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"draft_key" text NOT NULL,
	"kind" text NOT NULL,
	"values" jsonb NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "portfolio_drafts_key_unique" UNIQUE("user_id","learner_user_id","draft_key")
);
--> statement-breakpoint
CREATE TABLE "portfolio_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"occurred_on" date NOT NULL,
	"placement_id" uuid,
	"document" jsonb NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "title" || ' ' || "search_text")) STORED,
	"revision" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"sign_off_comment" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "msf_raters" ADD CONSTRAINT "msf_raters_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "msf_responses" ADD CONSTRAINT "msf_responses_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdp_goals" ADD CONSTRAINT "pdp_goals_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdp_goals" ADD CONSTRAINT "pdp_goals_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_assessor_links" ADD CONSTRAINT "portfolio_assessor_links_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_assessor_links" ADD CONSTRAINT "portfolio_assessor_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_attachments" ADD CONSTRAINT "portfolio_attachments_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_attachments" ADD CONSTRAINT "portfolio_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_comments" ADD CONSTRAINT "portfolio_comments_entry_id_portfolio_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."portfolio_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_comments" ADD CONSTRAINT "portfolio_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_drafts" ADD CONSTRAINT "portfolio_drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_drafts" ADD CONSTRAINT "portfolio_drafts_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_entries" ADD CONSTRAINT "portfolio_entries_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_entries" ADD CONSTRAINT "portfolio_entries_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_entries" ADD CONSTRAINT "portfolio_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "msf_responses_entry_idx" ON "msf_responses" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "pdp_goals_learner_idx" ON "pdp_goals" USING btree ("learner_user_id","status");--> statement-breakpoint
CREATE INDEX "portfolio_assessor_links_entry_idx" ON "portfolio_assessor_links" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "portfolio_attachments_entry_idx" ON "portfolio_attachments" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "portfolio_comments_entry_idx" ON "portfolio_comments" USING btree ("entry_id","created_at");--> statement-breakpoint
CREATE INDEX "portfolio_entries_learner_idx" ON "portfolio_entries" USING btree ("learner_user_id","occurred_on");--> statement-breakpoint
CREATE INDEX "portfolio_entries_status_idx" ON "portfolio_entries" USING btree ("status","region_id");--> statement-breakpoint
CREATE INDEX "portfolio_entries_search_idx" ON "portfolio_entries" USING gin ("search");