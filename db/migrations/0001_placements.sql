CREATE TABLE "calendar_tokens" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"site_id" uuid,
	"setting" text NOT NULL,
	"specialty" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"sessions_per_week" integer NOT NULL,
	"clinical_supervisor_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"programme_year_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"lead_employer_id" uuid NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_years" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_tokens" ADD CONSTRAINT "calendar_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_clinical_supervisor_user_id_users_id_fk" FOREIGN KEY ("clinical_supervisor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_assignments" ADD CONSTRAINT "post_assignments_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_assignments" ADD CONSTRAINT "post_assignments_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_programme_year_id_programme_years_id_fk" FOREIGN KEY ("programme_year_id") REFERENCES "public"."programme_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_lead_employer_id_organisations_id_fk" FOREIGN KEY ("lead_employer_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_years" ADD CONSTRAINT "programme_years_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placements_post_idx" ON "placements" USING btree ("post_id","starts_on");--> statement-breakpoint
CREATE INDEX "placements_supervisor_idx" ON "placements" USING btree ("clinical_supervisor_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "post_assignments_post_learner_unique" ON "post_assignments" USING btree ("post_id","learner_user_id");--> statement-breakpoint
CREATE INDEX "post_assignments_learner_idx" ON "post_assignments" USING btree ("learner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_year_code_unique" ON "posts" USING btree ("programme_year_id","code");--> statement-breakpoint
CREATE INDEX "posts_region_idx" ON "posts" USING btree ("region_id","programme_year_id");--> statement-breakpoint
CREATE INDEX "posts_lead_employer_idx" ON "posts" USING btree ("lead_employer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_years_region_name_unique" ON "programme_years" USING btree ("region_id","name");