CREATE TABLE "carbon_factors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"year" integer NOT NULL,
	"category" text NOT NULL,
	"item" text NOT NULL,
	"unit" text NOT NULL,
	"kg_co2e_per_unit" double precision NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carbon_factors_key_year_unique" UNIQUE("key","year")
);
--> statement-breakpoint
CREATE TABLE "change_ideas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"description" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"title" text NOT NULL,
	"area" text NOT NULL,
	"setting" text DEFAULT '' NOT NULL,
	"stage" text DEFAULT 'set_goals' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"fellow_user_id" uuid,
	"aim" text DEFAULT '' NOT NULL,
	"target_population" text DEFAULT '' NOT NULL,
	"core20_area" text,
	"postcode" text,
	"financial_before_gbp" double precision,
	"financial_after_gbp" double precision,
	"social_impact" text DEFAULT '' NOT NULL,
	"patient_outcome" text DEFAULT '' NOT NULL,
	"learning" text DEFAULT '' NOT NULL,
	"outcome_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fellow_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"author_id" uuid,
	"met_on" date NOT NULL,
	"notes" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imd_lsoas" (
	"lsoa_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"decile" integer NOT NULL,
	"edition" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_points" (
	"id" uuid PRIMARY KEY NOT NULL,
	"measure_id" uuid NOT NULL,
	"day" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"rebase" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "measure_points_day_unique" UNIQUE("measure_id","day")
);
--> statement-breakpoint
CREATE TABLE "pdsa_cycles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"change_idea_id" uuid,
	"title" text NOT NULL,
	"plan" text NOT NULL,
	"prediction" text NOT NULL,
	"happened" text DEFAULT '' NOT NULL,
	"study" text DEFAULT '' NOT NULL,
	"learned" text DEFAULT '' NOT NULL,
	"decision" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcode_lsoas" (
	"postcode_key" text PRIMARY KEY NOT NULL,
	"lsoa_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_carbon_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"factor_id" uuid NOT NULL,
	"quantity_per_year" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"improvement" text NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"target" double precision,
	"fix_after" integer,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid,
	"role" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_members_user_unique" UNIQUE("project_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_organisations" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "project_organisations_unique" UNIQUE("project_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "support_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"project_id" uuid,
	"fellow_user_id" uuid,
	"message" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "carbon_factors" ADD CONSTRAINT "carbon_factors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_ideas" ADD CONSTRAINT "change_ideas_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_projects" ADD CONSTRAINT "change_projects_fellow_user_id_users_id_fk" FOREIGN KEY ("fellow_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_projects" ADD CONSTRAINT "change_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fellow_notes" ADD CONSTRAINT "fellow_notes_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fellow_notes" ADD CONSTRAINT "fellow_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_points" ADD CONSTRAINT "measure_points_measure_id_project_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."project_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdsa_cycles" ADD CONSTRAINT "pdsa_cycles_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdsa_cycles" ADD CONSTRAINT "pdsa_cycles_change_idea_id_change_ideas_id_fk" FOREIGN KEY ("change_idea_id") REFERENCES "public"."change_ideas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdsa_cycles" ADD CONSTRAINT "pdsa_cycles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_carbon_lines" ADD CONSTRAINT "project_carbon_lines_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_carbon_lines" ADD CONSTRAINT "project_carbon_lines_factor_id_carbon_factors_id_fk" FOREIGN KEY ("factor_id") REFERENCES "public"."carbon_factors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_measures" ADD CONSTRAINT "project_measures_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_organisations" ADD CONSTRAINT "project_organisations_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_project_id_change_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."change_projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_fellow_user_id_users_id_fk" FOREIGN KEY ("fellow_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_ideas_project_idx" ON "change_ideas" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "change_projects_region_idx" ON "change_projects" USING btree ("region_id","status");--> statement-breakpoint
CREATE INDEX "change_projects_fellow_idx" ON "change_projects" USING btree ("fellow_user_id");--> statement-breakpoint
CREATE INDEX "fellow_notes_project_idx" ON "fellow_notes" USING btree ("project_id","met_on");--> statement-breakpoint
CREATE INDEX "pdsa_cycles_project_idx" ON "pdsa_cycles" USING btree ("project_id","starts_on");--> statement-breakpoint
CREATE INDEX "project_carbon_lines_project_idx" ON "project_carbon_lines" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_measures_project_idx" ON "project_measures" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "project_members_user_idx" ON "project_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "support_requests_region_idx" ON "support_requests" USING btree ("region_id","status");