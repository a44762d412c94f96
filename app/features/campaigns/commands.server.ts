import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { MethodOptions } from "../../../indicators";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, submission, type AuditSpace } from "../../../db/schema";
import { appendAudit, type Tx } from "../audit/index.server";
import { campaignFrameworkChoices } from "../frameworks/index.server";
import { DEFAULT_AUDIT_SPACE } from "../results/index.server";
import { problem, ProblemError } from "../i18n/index.server";
import { CAMPAIGN_CHANGES, campaignMay, cityRemovable, type CampaignChange } from "./lifecycle";

/**
 * What a ministry sets up and changes on its campaigns: settings, deadlines, the cohort and its
 * assessors, opening and closing. Every change is written to the campaign's audit chain, in the
 * transaction that makes it.
 */

export const NORMALISE_CHOICES = ["minmax", "zscore", "rank", "prank", "borda"] as const;
export const AUDIT_AGGREGATES = ["arithmetic", "geometric", "harmonic"] as const;
export const AUDIT_NORMALISATIONS = NORMALISE_CHOICES;
export const AGGREGATE_CHOICES = ["arithmetic", "geometric", "harmonic"] as const;
export const IMPUTE_CHOICES = ["none", "mean", "median"] as const;

/** A deadline is a calendar day; it ends at 23:59:59 Beijing time (UTC+8), as official notices mean it. */
export const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59+08:00`);
/** The calendar day (Beijing time) a deadline falls on, for a date input. */
export const beijingDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dateFormat")
  .refine((d) => !Number.isNaN(endOfBeijingDay(d).getTime()), "dateFormat");

/**
 * The two deadlines, checked against each other. Kept as its own schema and intersected with the
 * other fields because zod runs an object's refinement only when all of its fields parsed: as a
 * separate side, "review before submission" is reported together with any other field's error.
 */
const deadlinesSchema = z
  .object({ submissionDeadline: day, reviewDeadline: day })
  .superRefine((v, ctx) => {
    if (v.reviewDeadline < v.submissionDeadline) ctx.addIssue({ code: "custom", path: ["reviewDeadline"], message: "reviewBeforeSubmission" });
  });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on");
/** A number field with a default when left empty (forms from before the field existed post nothing). */
const numberOr = (fallback: number, message: string) => z.preprocess((v) => (v === undefined || v === "" ? fallback : v), z.coerce.number({ message }));

/** What the methodology audit varies: part of the method, frozen with it on opening. */
const auditSpaceFields = {
  treat: checkbox,
  auditNoise: numberOr(25, "auditNoiseFormat").pipe(z.number().min(0, "auditNoiseFormat").max(90, "auditNoiseFormat")),
  auditSamples: numberOr(2000, "auditSamplesFormat").pipe(z.number().int("auditSamplesFormat").min(100, "auditSamplesFormat").max(20000, "auditSamplesFormat")),
  varyImputation: checkbox,
  varyTreatment: checkbox,
  ...Object.fromEntries(AUDIT_AGGREGATES.map((m) => [`altAggregate.${m}`, checkbox])),
  ...Object.fromEntries(AUDIT_NORMALISATIONS.map((m) => [`altNormalise.${m}`, checkbox])),
} as Record<string, z.ZodTypeAny>;

const settingsFields = z.object({
  ...auditSpaceFields,
  nameZh: z.string().trim().min(1, "required").max(120, "tooLong"),
  nameEn: z.string().trim().min(1, "required").max(160, "tooLong"),
  year: z.coerce.number({ message: "yearFormat" }).int("yearFormat").min(2000, "yearFormat").max(2100, "yearFormat"),
  normalise: z.enum(NORMALISE_CHOICES),
  aggregate: z.enum(AGGREGATE_CHOICES),
  impute: z.enum(IMPUTE_CHOICES),
  dataThreshold: z.coerce.number({ message: "thresholdFormat" }).min(0, "thresholdFormat").max(1, "thresholdFormat"),
});

export const campaignSettingsSchema = settingsFields.and(deadlinesSchema);
export const newCampaignSchema = settingsFields
  .extend({
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{2,59}$/, "slugFormat")
      // "new" is the address of the creation page itself.
      .refine((slug) => slug !== "new", "slugFormat"),
    frameworkRef: z.string().trim().min(1, "required"),
  })
  .and(deadlinesSchema);
export const extendDeadlinesSchema = z.object({ reason: z.string().trim().max(500, "tooLong").optional() }).and(deadlinesSchema);
export const cohortEntrySchema = z
  .object({
    cityOrgId: z.string().min(1, "required"),
    agencyOrgId: z.string().min(1, "required"),
    secondAgencyOrgId: z
      .string()
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (v.secondAgencyOrgId && v.secondAgencyOrgId === v.agencyOrgId) ctx.addIssue({ code: "custom", path: ["secondAgencyOrgId"], message: "secondSameAsPrimary" });
  });

type Settings = z.infer<typeof campaignSettingsSchema>;
type CampaignRow = typeof campaign.$inferSelect;

/** The engine options a campaign scores with, from the form's choices (COINr's defaults otherwise). */
/** The audit's uncertainty space from the settings form (alternatives are the boxes ticked). */
export function auditSpaceFromSettings(s: Record<string, unknown>): AuditSpace {
  return {
    noiseFactor: Number(s.auditNoise ?? 25) / 100,
    aggregates: AUDIT_AGGREGATES.filter((m) => s[`altAggregate.${m}`] === true),
    normalisations: AUDIT_NORMALISATIONS.filter((m) => s[`altNormalise.${m}`] === true),
    imputation: s.varyImputation === true,
    treatment: s.varyTreatment === true,
    samples: Number(s.auditSamples ?? 2000),
  };
}

export function methodFromSettings(s: Pick<Settings, "normalise" | "aggregate" | "impute" | "dataThreshold"> & { treat?: unknown }): MethodOptions {
  return {
    ...(s.treat === true ? { treat: true } : {}),
    normalise: s.normalise === "minmax" ? { method: "minmax", range: [0, 100] } : { method: s.normalise },
    aggregate: s.aggregate,
    dataThreshold: s.dataThreshold,
    ...(s.impute === "none" ? {} : { impute: s.impute }),
  };
}

/** The form's view of a campaign row (the inverse of what createCampaign stores). */
export function settingsOfRow(row: CampaignRow) {
  const method = row.method;
  return {
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    year: row.year,
    submissionDeadline: beijingDay(row.submissionDeadline),
    reviewDeadline: beijingDay(row.reviewDeadline),
    normalise: method.normalise.method,
    aggregate: typeof method.aggregate === "string" ? method.aggregate : method.aggregate[0]!,
    impute: method.impute ?? "none",
    dataThreshold: typeof method.dataThreshold === "number" ? method.dataThreshold : (method.dataThreshold?.[0] ?? 0),
    ...auditSettingsOf(method.treat === true, row.auditSpace),
  };
}

/** The audit fields of the settings form for a stored space (null: the default space). */
function auditSettingsOf(treat: boolean, space: AuditSpace | null) {
  const s = space ?? DEFAULT_AUDIT_SPACE;
  return {
    treat,
    auditNoise: Math.round(s.noiseFactor * 100),
    auditSamples: s.samples,
    varyImputation: s.imputation,
    varyTreatment: s.treatment,
    ...Object.fromEntries(AUDIT_AGGREGATES.map((m) => [`altAggregate.${m}`, s.aggregates.includes(m)])),
    ...Object.fromEntries(AUDIT_NORMALISATIONS.map((m) => [`altNormalise.${m}`, s.normalisations.includes(m)])),
  } as Record<string, boolean | number>;
}

const columnsOf = (s: Settings) => ({
  nameZh: s.nameZh,
  nameEn: s.nameEn,
  year: s.year,
  submissionDeadline: endOfBeijingDay(s.submissionDeadline),
  reviewDeadline: endOfBeijingDay(s.reviewDeadline),
  method: methodFromSettings(s),
  auditSpace: auditSpaceFromSettings(s),
});

export async function createCampaign(db: Db, ministryOrgId: string, userId: string, input: z.infer<typeof newCampaignSchema>): Promise<string> {
  const id = randomUUID();
  // Only a published version of the shared library or of this ministry's own frameworks.
  if (!(await campaignFrameworkChoices(db, ministryOrgId)).some((c) => c.ref === input.frameworkRef)) throw new ProblemError(problem("campaignFrameworkUnknown", { ref: input.frameworkRef }), 400, "frameworkRef");
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(campaign)
      .values({ id, slug: input.slug, ministryOrgId, frameworkRef: input.frameworkRef, status: "draft", ...columnsOf(input) })
      .onConflictDoNothing({ target: campaign.slug })
      .returning({ id: campaign.id });
    if (!inserted.length) throw new ProblemError(problem("campaignSlugTaken", { slug: input.slug }), 409, "slug");
    await appendAudit(tx, id, { actorUserId: userId, entity: "campaign", entityId: id, action: "campaign.created", after: { slug: input.slug, frameworkRef: input.frameworkRef, ...columnsOf(input) } });
    return input.slug;
  });
}

/**
 * Locks the campaign row, so that concurrent changes to one campaign take turns, and refuses the
 * change unless the lifecycle allows it in the campaign's current status.
 */
export async function lockCampaign(tx: Tx, campaignId: string, change: CampaignChange): Promise<CampaignRow> {
  const [row] = await tx.select().from(campaign).where(eq(campaign.id, campaignId)).for("update");
  if (!row) throw new ProblemError(problem("campaignGone"), 409);
  if (!campaignMay(change, row.status)) throw new ProblemError(problem(row.status === "closed" ? "campaignClosedNoChange" : CAMPAIGN_CHANGES[change].refusal), 409);
  return row;
}

/** Every setting, while the campaign is a draft; the framework was fixed when it was created. */
export async function updateDraftSettings(db: Db, campaignId: string, userId: string, input: Settings): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockCampaign(tx, campaignId, "settings");
    const before = { nameZh: row.nameZh, nameEn: row.nameEn, year: row.year, submissionDeadline: row.submissionDeadline, reviewDeadline: row.reviewDeadline, method: row.method };
    const after = columnsOf(input);
    await tx.update(campaign).set(after).where(eq(campaign.id, campaignId));
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "campaign.settings", before, after });
  });
}

/** Deadlines of an open campaign only move later: cities and assessors plan on them. */
export async function extendDeadlines(db: Db, campaignId: string, userId: string, input: z.infer<typeof extendDeadlinesSchema>): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockCampaign(tx, campaignId, "deadlines");
    const next = { submissionDeadline: endOfBeijingDay(input.submissionDeadline), reviewDeadline: endOfBeijingDay(input.reviewDeadline) };
    if (row.status === "open") {
      if (next.submissionDeadline < row.submissionDeadline) throw new ProblemError(problem("deadlineOnlyLater", { date: beijingDay(row.submissionDeadline) }), 409, "submissionDeadline");
      if (next.reviewDeadline < row.reviewDeadline) throw new ProblemError(problem("deadlineOnlyLater", { date: beijingDay(row.reviewDeadline) }), 409, "reviewDeadline");
    }
    await tx.update(campaign).set(next).where(eq(campaign.id, campaignId));
    await appendAudit(tx, campaignId, {
      actorUserId: userId,
      entity: "campaign",
      entityId: campaignId,
      action: "campaign.deadlines",
      before: { submissionDeadline: row.submissionDeadline, reviewDeadline: row.reviewDeadline },
      after: next,
      reason: input.reason || null,
    });
  });
}

async function orgKinds(tx: Tx, ids: string[]) {
  const rows = await tx.select({ id: organization.id, name: organization.name, kind: orgProfile.kind }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(inArray(organization.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Adds a city to the cohort or changes its assessors. */
export async function setCohortEntry(db: Db, campaignId: string, userId: string, input: z.infer<typeof cohortEntrySchema>): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCampaign(tx, campaignId, "cohort");
    const orgs = await orgKinds(tx, [input.cityOrgId, input.agencyOrgId, ...(input.secondAgencyOrgId ? [input.secondAgencyOrgId] : [])]);
    if (orgs.get(input.cityOrgId)?.kind !== "city") throw new ProblemError(problem("chooseCity"), 409, "cityOrgId");
    if (orgs.get(input.agencyOrgId)?.kind !== "agency") throw new ProblemError(problem("chooseAgency"), 409, "agencyOrgId");
    if (input.secondAgencyOrgId && orgs.get(input.secondAgencyOrgId)?.kind !== "agency") throw new ProblemError(problem("chooseAgency"), 409, "secondAgencyOrgId");
    const [existing] = await tx.select().from(campaignCity).where(and(eq(campaignCity.campaignId, campaignId), eq(campaignCity.cityOrgId, input.cityOrgId)));
    const after = { city: orgs.get(input.cityOrgId)!.name, cityOrgId: input.cityOrgId, agencyOrgId: input.agencyOrgId, secondAgencyOrgId: input.secondAgencyOrgId };
    if (!existing) {
      await tx.insert(campaignCity).values({ campaignId, ...input });
      await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "cohort.added", after });
      return;
    }
    if (existing.agencyOrgId === input.agencyOrgId && existing.secondAgencyOrgId === input.secondAgencyOrgId) return;
    const [sub] = await tx.select({ status: submission.status }).from(submission).where(and(eq(submission.campaignId, campaignId), eq(submission.cityOrgId, input.cityOrgId)));
    // The result was computed from the primary assessor's review; another agency cannot take it over.
    if (sub?.status === "signed_off" && existing.agencyOrgId !== input.agencyOrgId)
      throw new ProblemError(problem("agencyFixedAfterSignOff", { city: after.city }), 409, "agencyOrgId");
    await tx.update(campaignCity).set({ agencyOrgId: input.agencyOrgId, secondAgencyOrgId: input.secondAgencyOrgId }).where(and(eq(campaignCity.campaignId, campaignId), eq(campaignCity.cityOrgId, input.cityOrgId)));
    await appendAudit(tx, campaignId, {
      actorUserId: userId,
      entity: "campaign",
      entityId: campaignId,
      action: "cohort.changed",
      before: { city: after.city, cityOrgId: input.cityOrgId, agencyOrgId: existing.agencyOrgId, secondAgencyOrgId: existing.secondAgencyOrgId },
      after,
    });
  });
}

export async function removeCohortEntry(db: Db, campaignId: string, userId: string, cityOrgId: string, reason: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCampaign(tx, campaignId, "cohort");
    const [existing] = await tx
      .select({ entry: campaignCity, name: organization.name })
      .from(campaignCity)
      .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
      .where(and(eq(campaignCity.campaignId, campaignId), eq(campaignCity.cityOrgId, cityOrgId)));
    if (!existing) throw new ProblemError(problem("cityNotInCohort"), 409, "cityOrgId");
    const [sub] = await tx.select({ status: submission.status }).from(submission).where(and(eq(submission.campaignId, campaignId), eq(submission.cityOrgId, cityOrgId)));
    if (!cityRemovable(sub?.status ?? null))
      throw new ProblemError(problem("cityUnderWay", { city: existing.name, status: { term: `subStatus_${sub!.status}` } }), 409, "cityOrgId");
    await tx.delete(campaignCity).where(and(eq(campaignCity.campaignId, campaignId), eq(campaignCity.cityOrgId, cityOrgId)));
    const { addedAt: _added, ...before } = existing.entry;
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "cohort.removed", before: { city: existing.name, ...before }, reason });
  });
}

export async function openCampaign(db: Db, campaignId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockCampaign(tx, campaignId, "open");
    const cohort = await tx.select({ cityOrgId: campaignCity.cityOrgId }).from(campaignCity).where(eq(campaignCity.campaignId, campaignId));
    if (!cohort.length) throw new ProblemError(problem("cohortEmpty"), 409);
    if (row.submissionDeadline <= new Date()) throw new ProblemError(problem("openDeadlinePassed"), 409, "submissionDeadline");
    await tx.update(campaign).set({ status: "open" }).where(eq(campaign.id, campaignId));
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "campaign.opened", before: { status: "draft" }, after: { status: "open", cohort: cohort.length, method: row.method } });
  });
}

export async function closeCampaign(db: Db, campaignId: string, userId: string, reason: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockCampaign(tx, campaignId, "close");
    const statuses = await tx.select({ status: submission.status }).from(submission).where(eq(submission.campaignId, campaignId));
    const signedOff = statuses.filter((s) => s.status === "signed_off").length;
    await tx.update(campaign).set({ status: "closed" }).where(eq(campaign.id, campaignId));
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "campaign.closed", before: { status: "open" }, after: { status: "closed", signedOff }, reason });
  });
}

/** What a ministry can put in this cohort: the cities not in it yet (the first few hundred, by code) and every agency. */
export async function cohortCandidates(db: Db, campaignId: string) {
  const notInCohort = sql`not exists (select 1 from ${campaignCity} where ${campaignCity.campaignId} = ${campaignId} and ${campaignCity.cityOrgId} = ${organization.id})`;
  const cities = await db
    .select({ id: organization.id, name: organization.name, divisionCode: orgProfile.divisionCode })
    .from(organization)
    .innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id))
    .where(and(eq(orgProfile.kind, "city"), notInCohort))
    .orderBy(orgProfile.divisionCode, organization.name)
    .limit(ADDABLE_LISTED + 1);
  const agencies = await db
    .select({ id: organization.id, name: organization.name, divisionCode: orgProfile.divisionCode })
    .from(organization)
    .innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id))
    .where(eq(orgProfile.kind, "agency"))
    .orderBy(organization.name);
  // A list of 20,401 towns is no choice: past a few hundred, the bulk addition (by filter or file) takes over.
  return { cities: cities.slice(0, ADDABLE_LISTED), moreCities: cities.length > ADDABLE_LISTED, agencies };
}

/** Cities the one-at-a-time addition lists. */
const ADDABLE_LISTED = 300;
