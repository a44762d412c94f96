import { sql } from "drizzle-orm";
import type { Framework, MethodOptions, UnitResult } from "../indicators";

/** A campaign's uncertainty space for the methodology audit (see features/results/methodology-audit). */
export interface AuditSpace {
  /** ± share of each nominal weight, at every level below the index. */
  noiseFactor: number;
  aggregates: ("arithmetic" | "geometric" | "harmonic")[];
  normalisations: ("minmax" | "zscore" | "rank" | "prank" | "borda")[];
  imputation: boolean;
  treatment: boolean;
  samples: number;
}
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * What a result froze: its own city's reviewed values. The cohort it was scored in, which its hash
 * covers, is these units of every result of its campaign up to its cohortSeq, in that order (decision 016).
 */
export interface FrozenInputs {
  units: { code: string; values: Record<string, number | null> }[];
}

/* ---- better-auth core tables (field names as better-auth expects) ---- */

export const user = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id").notNull().references(() => user.id, { onDelete: "cascade" }),
    activeOrganizationId: text("active_organization_id"),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id").notNull().references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

export const verification = pgTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const rateLimit = pgTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

/**
 * Consecutive failed password checks per account (sign-in by e-mail, password change by user), so
 * that guessing one account's password slows down however many addresses it comes from, while an
 * office behind one address is not locked out by a colleague's typos (see sign-in-throttle.server.ts).
 */
export const passwordThrottle = pgTable("password_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/**
 * Secrets of this installation that every app process must share (so they live in the database,
 * not in one process's files): e.g. the key that report IDs are derived with. Never shown.
 */
export const installationSecret = pgTable("installation_secret", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/* ---- better-auth organization plugin tables ---- */

export const organization = pgTable(
  "organization",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    logo: text("logo"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    metadata: text("metadata"),
  },
  // Two tenants with one name would be indistinguishable in rankings and reports.
  (t) => [uniqueIndex("organization_name_ci_unique").on(sql`lower(${t.name})`)],
);

export const member = pgTable(
  "member",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organization.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => user.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("member_org_user_unique").on(t.organizationId, t.userId), index("member_user_idx").on(t.userId)],
);

export const invitation = pgTable(
  "invitation",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organization.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role"),
    status: text("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    inviterId: text("inviter_id").notNull().references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [index("invitation_org_idx").on(t.organizationId), index("invitation_email_idx").on(t.email)],
);

/* ---- Zhiping ---- */

export const ORG_KINDS = ["ministry", "agency", "city"] as const;
export const CAMPAIGN_STATUSES = ["draft", "open", "closed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Enumerations are CHECK constraints, not enum types: a type lives in one schema and test runs use a schema each. */
const oneOf = (column: unknown, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;

/** What kind of tenant an organization is; cities also carry their GB/T 2260 code and profile. */
export const orgProfile = pgTable(
  "org_profile",
  {
    organizationId: text("organization_id").primaryKey().references(() => organization.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    /** GB/T 2260 six-digit administrative division code (cities only). */
    divisionCode: text("division_code"),
    province: text("province"),
    region: text("region"),
    tier: text("tier"),
    population: integer("population"),
    nameEn: text("name_en"),
  },
  (t) => [
    uniqueIndex("org_profile_division_code_unique").on(t.divisionCode),
    index("org_profile_kind_idx").on(t.kind),
    check("org_profile_kind_check", oneOf(t.kind, ORG_KINDS)),
    check("org_profile_division_code_check", sql`${t.divisionCode} is null or ${t.divisionCode} ~ '^[0-9]{6}$'`),
  ],
);

export const userSettings = pgTable("user_settings", {
  userId: text("user_id").primaryKey().references(() => user.id, { onDelete: "cascade" }),
  locale: text("locale").notNull().default("zh-CN"),
  platformAdmin: boolean("platform_admin").notNull().default(false),
});

export const campaign = pgTable(
  "campaign",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    ministryOrgId: text("ministry_org_id").notNull().references(() => organization.id),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    year: integer("year").notNull(),
    /** `<framework id>@<version>`, frozen at creation. */
    frameworkRef: text("framework_ref").notNull(),
    /** Engine MethodOptions (normalisation, aggregation, data threshold), frozen at opening. */
    method: jsonb("method").$type<MethodOptions>().notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    submissionDeadline: timestamp("submission_deadline", { withTimezone: true }).notNull(),
    reviewDeadline: timestamp("review_deadline", { withTimezone: true }).notNull(),
    /** What the methodology audit varies (weights, aggregation, normalisation…), frozen with the method; null: the default space. */
    auditSpace: jsonb("audit_space").$type<AuditSpace>(),
    /** Set when the ministry publishes the ranking: from then on every cohort member may read it. */
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_ministry_idx").on(t.ministryOrgId), check("campaign_status_check", oneOf(t.status, CAMPAIGN_STATUSES))],
);

/** The cohort: which cities take part, and which agency (and optional second assessor) reviews each. */
export const campaignCity = pgTable(
  "campaign_city",
  {
    campaignId: text("campaign_id").notNull().references(() => campaign.id, { onDelete: "cascade" }),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    agencyOrgId: text("agency_org_id").notNull().references(() => organization.id),
    secondAgencyOrgId: text("second_agency_org_id").references(() => organization.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.cityOrgId] }),
    // With the campaign: row-level security asks "does this agency assess any city of campaign k?" (migration 0025).
    index("campaign_city_agency_idx").on(t.agencyOrgId, t.campaignId),
    index("campaign_city_second_agency_idx").on(t.secondAgencyOrgId, t.campaignId),
    index("campaign_city_city_idx").on(t.cityOrgId),
  ],
);

/** Every e-mail the platform sends, kept for the platform admin; the only copy when no e-mail API is set. */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    kind: text("kind").notNull(),
    /** "outbox" (no API configured), "queued" (for the e-mail job), "sent" or "failed". */
    status: text("status").notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);

/* ---- Assessment workflow ---- */

/** A value's origin and quality grade, as U4SSC's verifiers record them. */
export const VALUE_ORIGINS = ["department", "system", "survey", "estimate"] as const;
export const QUALITY_GRADES = ["measured", "derived", "estimated", "extrapolated"] as const;
export type ValueOrigin = (typeof VALUE_ORIGINS)[number];
export type QualityGrade = (typeof QUALITY_GRADES)[number];

export const SUBMISSION_STATUSES = ["draft", "submitted", "in_review", "returned", "resubmitted", "signed_off", "withdrawn"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One city's submission to one campaign; `version` guards status changes against lost updates. */
export const submission = pgTable(
  "submission",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull().references(() => campaign.id, { onDelete: "cascade" }),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("draft"),
    /** Submission round: 1 at the first submit, +1 at each resubmission. */
    round: integer("round").notNull().default(0),
    version: integer("version").notNull().default(0),
    /** Moved by the database whenever one of its indicator values is written or removed (migration 0022). */
    valuesVersion: integer("values_version").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("submission_campaign_city_unique").on(t.campaignId, t.cityOrgId), check("submission_status_check", oneOf(t.status, SUBMISSION_STATUSES))],
);

/** What the city entered for one indicator: a number, a rubric level or 0/1, with its narrative. */
export const indicatorValue = pgTable(
  "indicator_value",
  {
    submissionId: text("submission_id").notNull().references(() => submission.id, { onDelete: "cascade" }),
    indicatorCode: text("indicator_code").notNull(),
    value: doublePrecision("value"),
    narrative: text("narrative").notNull().default(""),
    dataSource: text("data_source").notNull().default(""),
    /** Where the figure comes from (U4SSC's data-quality declaration); null: not declared. */
    origin: text("origin", { enum: VALUE_ORIGINS }),
    /** How it was obtained: measured, derived, estimated or extrapolated from a survey; null: not declared. */
    qualityGrade: text("quality_grade", { enum: QUALITY_GRADES }),
    /** Optimistic concurrency: a save names the version it started from. */
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").notNull().references(() => user.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.indicatorCode] }),
    check("indicator_value_origin_check", oneOf(t.origin, VALUE_ORIGINS)),
    check("indicator_value_quality_grade_check", oneOf(t.qualityGrade, QUALITY_GRADES)),
  ],
);

export const FLAG_RESOLUTIONS = ["explained", "corrected", "returned"] as const;
export type FlagResolution = (typeof FLAG_RESOLUTIONS)[number];

/**
 * What people said about one plausibility flag of a submission: the city's explanation and the
 * assessor's resolution. The flags themselves are recomputed from the data, never stored; a note
 * names its flag by a stable key (kind, rule or indicator, evidence).
 */
export const qualityFlagNote = pgTable(
  "quality_flag_note",
  {
    submissionId: text("submission_id").notNull().references(() => submission.id, { onDelete: "cascade" }),
    flagKey: text("flag_key").notNull(),
    explanation: text("explanation"),
    explainedBy: text("explained_by").references(() => user.id),
    explainedAt: timestamp("explained_at", { withTimezone: true }),
    resolution: text("resolution", { enum: FLAG_RESOLUTIONS }),
    resolutionNote: text("resolution_note").notNull().default(""),
    resolvedBy: text("resolved_by").references(() => user.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.flagKey] }), check("quality_flag_note_resolution_check", oneOf(t.resolution, FLAG_RESOLUTIONS))],
);

export const REVIEW_DECISIONS = ["accepted", "adjusted", "returned"] as const;

/** An assessor's judgement of one indicator (one row per assessing agency). */
export const reviewValue = pgTable(
  "review_value",
  {
    submissionId: text("submission_id").notNull().references(() => submission.id, { onDelete: "cascade" }),
    agencyOrgId: text("agency_org_id").notNull().references(() => organization.id),
    indicatorCode: text("indicator_code").notNull(),
    decision: text("decision", { enum: REVIEW_DECISIONS }).notNull(),
    /** The reviewed value: the city's when accepted, the assessor's when adjusted. */
    value: doublePrecision("value"),
    reason: text("reason").notNull().default(""),
    reviewedBy: text("reviewed_by").notNull().references(() => user.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.agencyOrgId, t.indicatorCode] }), check("review_decision_check", oneOf(t.decision, REVIEW_DECISIONS))],
);

/**
 * Append-only audit trail, one hash chain per campaign: hash = SHA-256(previous hash + canonical
 * JSON of the entry). UPDATE and DELETE are refused by a trigger (see the migration).
 */
export const auditEvent = pgTable(
  "audit_event",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull().references(() => campaign.id),
    seq: integer("seq").notNull(),
    /** ISO-8601 UTC, kept as the exact text that was hashed. */
    at: text("at").notNull(),
    actorUserId: text("actor_user_id"),
    /** The actor's name when the entry was written (hashed with it): who did what is shown as it was then, whatever the account is called now. */
    actorName: text("actor_name"),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [uniqueIndex("audit_event_campaign_seq_unique").on(t.campaignId, t.seq), index("audit_event_entity_idx").on(t.entity, t.entityId)],
);

/** A signed-off result, frozen: the engine's output for the city with its reproducibility hash. */
export const result = pgTable(
  "result",
  {
    id: text("id").primaryKey(),
    submissionId: text("submission_id").notNull().references(() => submission.id),
    campaignId: text("campaign_id").notNull().references(() => campaign.id),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    frameworkRef: text("framework_ref").notNull(),
    method: jsonb("method").$type<MethodOptions>().notNull(),
    engineVersion: text("engine_version").notNull(),
    hash: text("hash").notNull(),
    /** The city's reviewed values by indicator code, exactly as the engine took them. */
    inputs: jsonb("inputs").$type<FrozenInputs>().notNull(),
    /** Scores, ranks within the signed-off cohort at sign-off, coverage and contributions per node. */
    scores: jsonb("scores").$type<UnitResult>().notNull(),
    signedOffBy: text("signed_off_by").notNull().references(() => user.id),
    signedOffAt: timestamp("signed_off_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * 1, 2, 3… per campaign, taken under the campaign's lock: the order in which results froze.
     * The latest result (the standing) is the highest, whatever the clocks of parallel sign-offs said.
     */
    cohortSeq: integer("cohort_seq").notNull(),
  },
  (t) => [
    uniqueIndex("result_submission_unique").on(t.submissionId),
    uniqueIndex("result_campaign_seq_unique").on(t.campaignId, t.cohortSeq),
    // One city's result (its page, its report) among a campaign's 17,000.
    index("result_campaign_city_idx").on(t.campaignId, t.cityOrgId),
  ],
);

export const REPORT_BATCH_STATUSES = ["running", "done", "failed"] as const;

/**
 * A batch of a campaign's PDF reports generated in the background; its progress is polled by the
 * batch page and its ZIP kept in object storage under `storage_key`.
 */
export const reportBatch = pgTable(
  "report_batch",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull().references(() => campaign.id),
    requestedBy: text("requested_by").notNull().references(() => user.id),
    locale: text("locale").notNull(),
    status: text("status", { enum: REPORT_BATCH_STATUSES }).notNull().default("running"),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    error: text("error"),
    storageKey: text("storage_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("report_batch_campaign_idx").on(t.campaignId, t.createdAt), check("report_batch_status_check", oneOf(t.status, REPORT_BATCH_STATUSES))],
);

/**
 * One report of a batch, once stored (`reports/<batch>/<file>`): the batch's progress counts each
 * exactly once however often a crashed job is retried, and the ZIP is assembled when all are in.
 */
export const reportBatchItem = pgTable(
  "report_batch_item",
  {
    batchId: text("batch_id").notNull().references(() => reportBatch.id),
    file: text("file").notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.file] })],
);

/**
 * Read-only API tokens of a ministry for its published results. Only a SHA-256 of the token is
 * kept; the token itself is shown once, when it is created.
 */
export const apiToken = pgTable(
  "api_token",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull().references(() => organization.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters, to tell tokens apart in the list. */
    prefix: text("prefix").notNull(),
    createdBy: text("created_by").notNull().references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_token_org_idx").on(t.organizationId)],
);

export const EVIDENCE_KINDS = ["file", "link"] as const;

/**
 * Evidence a city attached to one indicator: a file kept in object storage under a key derived
 * from its SHA-256 (outside the web root), or a link. Removal only stamps `removed_at`, so the
 * audit trail's references stay resolvable.
 */
export const evidence = pgTable(
  "evidence",
  {
    id: text("id").primaryKey(),
    submissionId: text("submission_id").notNull().references(() => submission.id, { onDelete: "cascade" }),
    indicatorCode: text("indicator_code").notNull(),
    kind: text("kind", { enum: EVIDENCE_KINDS }).notNull(),
    /** The file's name as uploaded (shown and offered on download), or the link's title. */
    name: text("name").notNull(),
    /** Detected from the content, never taken from the name or the browser. */
    contentType: text("content_type"),
    size: integer("size"),
    sha256: text("sha256"),
    storageKey: text("storage_key"),
    url: text("url"),
    uploadedBy: text("uploaded_by").notNull().references(() => user.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
    /** The document's own creation date from its metadata (PDF, DOCX, XLSX), read at upload; null when it has none. */
    documentCreatedAt: timestamp("document_created_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    index("evidence_submission_idx").on(t.submissionId, t.indicatorCode),
    // The same file attached by other cities (the shared-evidence check of one city).
    index("evidence_sha256_idx").on(t.sha256),
    check("evidence_kind_check", oneOf(t.kind, EVIDENCE_KINDS)),
    check("evidence_shape_check", sql`(${t.kind} = 'file' and ${t.storageKey} is not null and ${t.sha256} is not null) or (${t.kind} = 'link' and ${t.url} is not null)`),
  ],
);

export const EVIDENCE_VERDICTS = ["sufficient", "insufficient", "not_relevant"] as const;
export type EvidenceVerdict = (typeof EVIDENCE_VERDICTS)[number];

/** An assessing agency's judgement of one piece of evidence. */
export const evidenceVerdict = pgTable(
  "evidence_verdict",
  {
    evidenceId: text("evidence_id").notNull().references(() => evidence.id, { onDelete: "cascade" }),
    agencyOrgId: text("agency_org_id").notNull().references(() => organization.id),
    verdict: text("verdict", { enum: EVIDENCE_VERDICTS }).notNull(),
    comment: text("comment").notNull().default(""),
    judgedBy: text("judged_by").notNull().references(() => user.id),
    judgedAt: timestamp("judged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.evidenceId, t.agencyOrgId] }), check("evidence_verdict_check", oneOf(t.verdict, EVIDENCE_VERDICTS))],
);

/* ---- The framework library ---- */

export const FRAMEWORK_VERSION_STATUSES = ["draft", "published"] as const;
export type FrameworkVersionStatus = (typeof FRAMEWORK_VERSION_STATUSES)[number];

/**
 * An indicator system. `ownerOrgId` null: the platform's shared library, curated by platform
 * admins; otherwise the ministry that keeps it. Its id is the framework document's `id`.
 */
export const framework = pgTable(
  "framework",
  {
    id: text("id").primaryKey(),
    ownerOrgId: text("owner_org_id").references(() => organization.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("framework_owner_idx").on(t.ownerOrgId)],
);

/**
 * One version of a framework: a draft is edited in place; publishing freezes it (content hash,
 * and a trigger refuses any later change). Campaigns reference published versions by `ref`.
 */
export const frameworkVersion = pgTable(
  "framework_version",
  {
    /** `<framework id>@<version>`, what campaigns and results record. */
    ref: text("ref").primaryKey(),
    frameworkId: text("framework_id").notNull().references(() => framework.id),
    version: text("version").notNull(),
    status: text("status", { enum: FRAMEWORK_VERSION_STATUSES }).notNull().default("draft"),
    document: jsonb("document").$type<Framework>().notNull(),
    /** SHA-256 of the canonical document, set when it is published. */
    contentHash: text("content_hash"),
    /** The version it was copied from, if any. */
    basedOn: text("based_on"),
    createdBy: text("created_by").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text("published_by").references(() => user.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("framework_version_unique").on(t.frameworkId, t.version),
    check("framework_version_status_check", oneOf(t.status, FRAMEWORK_VERSION_STATUSES)),
    check("framework_version_published_hash", sql`${t.status} = 'draft' or ${t.contentHash} is not null`),
  ],
);

/**
 * Which indicator of an older version became which of a newer one (null: dropped), edited with
 * the diff; the year-over-year views and history checks follow it.
 */
export const frameworkMapping = pgTable(
  "framework_mapping",
  {
    fromRef: text("from_ref").notNull().references(() => frameworkVersion.ref),
    toRef: text("to_ref").notNull().references(() => frameworkVersion.ref),
    mapping: jsonb("mapping").$type<Record<string, string | null>>().notNull(),
    updatedBy: text("updated_by").references(() => user.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fromRef, t.toRef] })],
);

/** What happened to a framework (created, copied, published, mapping saved): append-only. */
export const frameworkEvent = pgTable(
  "framework_event",
  {
    id: text("id").primaryKey(),
    frameworkId: text("framework_id").notNull().references(() => framework.id),
    ref: text("ref"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: text("actor_user_id"),
    actorName: text("actor_name"),
    action: text("action").notNull(),
    detail: jsonb("detail"),
  },
  (t) => [index("framework_event_framework_idx").on(t.frameworkId, t.at)],
);

export const AUDIT_STATUSES = ["running", "done", "failed"] as const;

/**
 * The methodology audit of one frozen standing (coherence, leave-one-out, rank intervals,
 * sensitivity), computed once per result hash in a worker and kept: the same result always shows
 * the same intervals, after a restart too.
 */
export const resultAudit = pgTable(
  "result_audit",
  {
    campaignId: text("campaign_id").notNull().references(() => campaign.id),
    resultHash: text("result_hash").notNull(),
    status: text("status", { enum: AUDIT_STATUSES }).notNull(),
    /** 0–100 while running. */
    progress: integer("progress").notNull().default(0),
    audit: jsonb("audit"),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.resultHash] }), check("result_audit_status_check", oneOf(t.status, AUDIT_STATUSES))],
);

/* ---- The citizen survey (市民体验) ---- */

/** A variable every respondent states so that answers can be weighted to the population (age band, gender, district…). */
export interface SurveyQuota {
  id: string;
  label: { zh: string; en: string };
  categories: { value: string; label: { zh: string; en: string } }[];
}

/** One city's population shares per quota variable: what raking weights its respondents to. */
export interface SurveyMargins {
  [quotaId: string]: Record<string, number>;
}

/** A campaign's citizen survey: when citizens may answer, what they are asked about themselves, and when its estimates froze. */
export const survey = pgTable("survey", {
  campaignId: text("campaign_id").primaryKey().references(() => campaign.id, { onDelete: "cascade" }),
  opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
  closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
  quotas: jsonb("quotas").$type<SurveyQuota[]>().notNull().default([]),
  /** Who set the survey's dates last: the closing at its end date is done in their name. */
  scheduledBy: text("scheduled_by").notNull().references(() => user.id),
  /** When the estimates entered the submissions; from then on no answer is taken. */
  frozenAt: timestamp("frozen_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A city's population margins for its survey's quotas (entered or imported by the ministry). */
export const surveyMargin = pgTable(
  "survey_margin",
  {
    campaignId: text("campaign_id").notNull().references(() => campaign.id, { onDelete: "cascade" }),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    margins: jsonb("margins").$type<SurveyMargins>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.cityOrgId] })],
);

export const SURVEY_REJECTIONS = ["honeypot", "too_fast"] as const;
export type SurveyRejection = (typeof SURVEY_REJECTIONS)[number];

/**
 * One citizen's anonymous answers. Nothing here names a person: no name, phone number or address;
 * the device is known only by a keyed hash of a random token its cookie holds, which makes one
 * answer per device per city and campaign a constraint of the table.
 */
export const surveyResponse = pgTable(
  "survey_response",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull().references(() => campaign.id, { onDelete: "cascade" }),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    deviceHash: text("device_hash").notNull(),
    /** Question id → answer (a number, or a choice's value). */
    answers: jsonb("answers").$type<Record<string, number | string>>().notNull(),
    /** Quota id → the category the respondent chose. */
    profile: jsonb("profile").$type<Record<string, string>>().notNull(),
    /** Seconds from the form being served to its answers arriving. */
    secondsTaken: integer("seconds_taken").notNull(),
    /** Why it was set aside on arrival; null: it counts unless the anomaly checks set it aside. */
    rejection: text("rejection", { enum: SURVEY_REJECTIONS }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("survey_response_device_unique").on(t.campaignId, t.cityOrgId, t.deviceHash),
    index("survey_response_city_idx").on(t.campaignId, t.cityOrgId, t.receivedAt),
    check("survey_response_rejection_check", oneOf(t.rejection, SURVEY_REJECTIONS)),
  ],
);

/** A survey-sourced indicator's estimate for one city, frozen when the survey closed: what entered the submission. */
export const surveyEstimate = pgTable(
  "survey_estimate",
  {
    campaignId: text("campaign_id").notNull().references(() => campaign.id, { onDelete: "cascade" }),
    cityOrgId: text("city_org_id").notNull().references(() => organization.id),
    indicatorCode: text("indicator_code").notNull(),
    n: integer("n").notNull(),
    nEffective: doublePrecision("n_effective").notNull(),
    value: doublePrecision("value"),
    lower: doublePrecision("lower"),
    upper: doublePrecision("upper"),
    method: text("method").notNull(),
    weighted: boolean("weighted").notNull(),
    belowMinimum: boolean("below_minimum").notNull(),
    /** Responses received, and those set aside by reason. */
    received: integer("received").notNull(),
    excluded: jsonb("excluded").$type<Record<string, number>>().notNull(),
    /** SHA-256 of the city's raw responses file (CSV) as frozen: the evidence the audit trail records. */
    responsesSha256: text("responses_sha256").notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.cityOrgId, t.indicatorCode] })],
);

/**
 * Answers per client address and time window on the public survey, shared by every app process.
 * The key is a keyed hash of the address, never the address itself, and it is not joined to any answer.
 */
export const surveyRateLimit = pgTable("survey_rate_limit", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

export const ONBOARDING_STATUSES = ["checked", "running", "done", "failed"] as const;
/**
 * A platform admin's bulk onboarding: a checked file of organisations and their first contacts,
 * kept in object storage under `file_key`, created all together by one job. `problems` holds
 * what the run found wrong when the database had changed since the check (nothing was created).
 */
export const onboardingImport = pgTable(
  "onboarding_import",
  {
    id: text("id").primaryKey(),
    requestedBy: text("requested_by").notNull().references(() => user.id),
    fileName: text("file_name").notNull(),
    fileKey: text("file_key").notNull(),
    fileSha256: text("file_sha256").notNull(),
    status: text("status", { enum: ONBOARDING_STATUSES }).notNull().default("checked"),
    organizations: integer("organizations").notNull(),
    invitations: integer("invitations").notNull(),
    /** Organisations by kind, as checked: what the confirmation states. */
    byKind: jsonb("by_kind").$type<Record<string, number>>().notNull(),
    done: integer("done").notNull().default(0),
    problems: jsonb("problems").$type<unknown[]>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("onboarding_import_created_idx").on(t.createdAt), check("onboarding_import_status_check", oneOf(t.status, ONBOARDING_STATUSES))],
);
