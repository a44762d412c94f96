CREATE TABLE "onboarding_import" (
	"id" text PRIMARY KEY NOT NULL,
	"requested_by" text NOT NULL,
	"file_name" text NOT NULL,
	"file_key" text NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text DEFAULT 'checked' NOT NULL,
	"organizations" integer NOT NULL,
	"invitations" integer NOT NULL,
	"by_kind" jsonb NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"problems" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_import_status_check" CHECK ("onboarding_import"."status" in ('checked', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "onboarding_import" ADD CONSTRAINT "onboarding_import_requested_by_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "onboarding_import_created_idx" ON "onboarding_import" USING btree ("created_at");--> statement-breakpoint
-- Platform administration only, through the owner: the app role reads and writes none of it.
ALTER TABLE onboarding_import ENABLE ROW LEVEL SECURITY;
