CREATE TABLE "evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"submission_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text,
	"size" integer,
	"sha256" text,
	"storage_key" text,
	"url" text,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "evidence_kind_check" CHECK ("evidence"."kind" in ('file', 'link')),
	CONSTRAINT "evidence_shape_check" CHECK (("evidence"."kind" = 'file' and "evidence"."storage_key" is not null and "evidence"."sha256" is not null) or ("evidence"."kind" = 'link' and "evidence"."url" is not null))
);
--> statement-breakpoint
CREATE TABLE "evidence_verdict" (
	"evidence_id" text NOT NULL,
	"agency_org_id" text NOT NULL,
	"verdict" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"judged_by" text NOT NULL,
	"judged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_verdict_evidence_id_agency_org_id_pk" PRIMARY KEY("evidence_id","agency_org_id"),
	CONSTRAINT "evidence_verdict_check" CHECK ("evidence_verdict"."verdict" in ('sufficient', 'insufficient', 'not_relevant'))
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_uploaded_by_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verdict" ADD CONSTRAINT "evidence_verdict_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verdict" ADD CONSTRAINT "evidence_verdict_agency_org_id_organization_id_fk" FOREIGN KEY ("agency_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_verdict" ADD CONSTRAINT "evidence_verdict_judged_by_user_id_fk" FOREIGN KEY ("judged_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_submission_idx" ON "evidence" USING btree ("submission_id","indicator_code");