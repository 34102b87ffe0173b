CREATE TABLE "allocation_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"window_id" uuid NOT NULL,
	"mechanism" text NOT NULL,
	"seed" integer NOT NULL,
	"input" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"stats" jsonb NOT NULL,
	"run_by" uuid,
	"run_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allocation_swaps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"window_id" uuid NOT NULL,
	"first_learner_user_id" uuid NOT NULL,
	"second_learner_user_id" uuid NOT NULL,
	"first_post_id" uuid NOT NULL,
	"second_post_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "preference_submissions" (
	"window_id" uuid NOT NULL,
	"learner_user_id" uuid NOT NULL,
	"ranking" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "preference_submissions_window_id_learner_user_id_pk" PRIMARY KEY("window_id","learner_user_id")
);
--> statement-breakpoint
CREATE TABLE "preference_window_learners" (
	"window_id" uuid NOT NULL,
	"learner_user_id" uuid NOT NULL,
	CONSTRAINT "preference_window_learners_window_id_learner_user_id_pk" PRIMARY KEY("window_id","learner_user_id")
);
--> statement-breakpoint
CREATE TABLE "preference_window_posts" (
	"window_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	CONSTRAINT "preference_window_posts_window_id_post_id_pk" PRIMARY KEY("window_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "preference_windows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"programme_year_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mechanism" text NOT NULL,
	"seed" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_run_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_window_id_preference_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."preference_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_run_by_users_id_fk" FOREIGN KEY ("run_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_window_id_preference_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."preference_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_first_learner_user_id_users_id_fk" FOREIGN KEY ("first_learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_second_learner_user_id_users_id_fk" FOREIGN KEY ("second_learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_first_post_id_posts_id_fk" FOREIGN KEY ("first_post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_second_post_id_posts_id_fk" FOREIGN KEY ("second_post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_swaps" ADD CONSTRAINT "allocation_swaps_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_submissions" ADD CONSTRAINT "preference_submissions_window_id_preference_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."preference_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_submissions" ADD CONSTRAINT "preference_submissions_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD CONSTRAINT "preference_window_learners_window_id_preference_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."preference_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD CONSTRAINT "preference_window_learners_learner_user_id_users_id_fk" FOREIGN KEY ("learner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_window_posts" ADD CONSTRAINT "preference_window_posts_window_id_preference_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."preference_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_window_posts" ADD CONSTRAINT "preference_window_posts_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_windows" ADD CONSTRAINT "preference_windows_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_windows" ADD CONSTRAINT "preference_windows_programme_year_id_programme_years_id_fk" FOREIGN KEY ("programme_year_id") REFERENCES "public"."programme_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_windows" ADD CONSTRAINT "preference_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocation_runs_window_idx" ON "allocation_runs" USING btree ("window_id","created_at");--> statement-breakpoint
CREATE INDEX "preference_window_learners_learner_idx" ON "preference_window_learners" USING btree ("learner_user_id");--> statement-breakpoint
CREATE INDEX "preference_windows_region_idx" ON "preference_windows" USING btree ("region_id","created_at");