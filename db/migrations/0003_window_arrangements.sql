ALTER TABLE "preference_window_learners" ADD COLUMN "preallocated_post_id" uuid;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD COLUMN "preallocation_reason" text;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD COLUMN "linked_with_user_id" uuid;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD CONSTRAINT "preference_window_learners_preallocated_post_id_posts_id_fk" FOREIGN KEY ("preallocated_post_id") REFERENCES "public"."posts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_window_learners" ADD CONSTRAINT "preference_window_learners_linked_with_user_id_users_id_fk" FOREIGN KEY ("linked_with_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;