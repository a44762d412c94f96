import { and, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { campaign, campaignCity, organization, orgProfile, result, submission, SUBMISSION_STATUSES, type SubmissionStatus } from "../../db/schema";
import { withProgress, type SubmissionProgress } from "./city-progress.server";
import { decide, type Actor, type CampaignResource } from "./permissions";

export interface CampaignSummary {
  slug: string;
  nameZh: string;
  nameEn: string;
  year: number;
  status: string;
  frameworkRef: string;
  submissionDeadline: Date;
  reviewDeadline: Date;
  cohortSize: number;
  /** Cities this actor's organization works on (assigned to an agency, or the city itself). */
  mine: number;
}

/** Campaigns the actor's active organization may see, newest first. */
export async function visibleCampaigns(db: Db, actor: Actor): Promise<CampaignSummary[]> {
  const m = actor.membership;
  if (!m) return [];
  const ids =
    m.kind === "ministry"
      ? db.select({ id: campaign.id }).from(campaign).where(eq(campaign.ministryOrgId, m.orgId))
      : db
          .selectDistinct({ id: campaignCity.campaignId })
          .from(campaignCity)
          .where(m.kind === "city" ? eq(campaignCity.cityOrgId, m.orgId) : or(eq(campaignCity.agencyOrgId, m.orgId), eq(campaignCity.secondAgencyOrgId, m.orgId)));
  const rows = await db.select().from(campaign).where(inArray(campaign.id, ids)).orderBy(sql`${campaign.year} desc`, campaign.slug);
  if (!rows.length) return [];
  const cohorts = await db.select().from(campaignCity).where(inArray(campaignCity.campaignId, rows.map((r) => r.id)));
  return rows
    .map((row) => {
      const cohort = cohorts.filter((c) => c.campaignId === row.id);
      const resource = toResource(row, cohort);
      return { row, cohort, allowed: decide(actor, "read:campaign", resource).allowed };
    })
    .filter((x) => x.allowed)
    .map(({ row, cohort }) => ({
      slug: row.slug,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      year: row.year,
      status: row.status,
      frameworkRef: row.frameworkRef,
      submissionDeadline: row.submissionDeadline,
      reviewDeadline: row.reviewDeadline,
      cohortSize: cohort.length,
      mine: cohort.filter((c) => c.cityOrgId === m.orgId || c.agencyOrgId === m.orgId || c.secondAgencyOrgId === m.orgId).length,
    }));
}

export function toResource(row: typeof campaign.$inferSelect, cohort: (typeof campaignCity.$inferSelect)[]): CampaignResource {
  return {
    type: "campaign",
    campaignId: row.id,
    ministryOrgId: row.ministryOrgId,
    cohort: cohort.map((c) => ({ cityOrgId: c.cityOrgId, agencyOrgIds: [c.agencyOrgId, ...(c.secondAgencyOrgId ? [c.secondAgencyOrgId] : [])] })),
    resultsPublished: row.resultsPublishedAt !== null,
    status: row.status,
  };
}

export interface CohortRow {
  cityOrgId: string;
  cityName: string;
  cityNameEn: string | null;
  divisionCode: string | null;
  province: string | null;
  region: string | null;
  tier: string | null;
  population: number | null;
  agencyName: string;
  secondAgencyName: string | null;
  status: string | null;
  submissionId: string | null;
  updatedAt: Date | null;
  /** Overall score of the signed-off result, if any. */
  score: number | null;
}

/** The cohort rows of a campaign that the actor may read (`read:city-data` per city). */
export async function visibleCohort(db: Db, actor: Actor, resource: CampaignResource): Promise<CohortRow[]> {
  const city = alias(organization, "city");
  const agency = alias(organization, "agency");
  const second = alias(organization, "second_agency");
  const rows = await db
    .select({
      cityOrgId: campaignCity.cityOrgId,
      cityName: city.name,
      cityNameEn: orgProfile.nameEn,
      divisionCode: orgProfile.divisionCode,
      province: orgProfile.province,
      region: orgProfile.region,
      tier: orgProfile.tier,
      population: orgProfile.population,
      agencyName: agency.name,
      secondAgencyName: second.name,
      status: submission.status,
      submissionId: submission.id,
      updatedAt: submission.updatedAt,
      score: sql<number | null>`(${result.scores} -> 'scores' ->> 'Index')::float8`,
    })
    .from(campaignCity)
    .innerJoin(city, eq(city.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .innerJoin(agency, eq(agency.id, campaignCity.agencyOrgId))
    .leftJoin(second, eq(second.id, campaignCity.secondAgencyOrgId))
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .leftJoin(result, eq(result.submissionId, submission.id))
    .where(and(eq(campaignCity.campaignId, resource.campaignId)))
    .orderBy(orgProfile.divisionCode);
  return rows.filter((r) => decide(actor, "read:city-data", { type: "city-data", campaign: resource, cityOrgId: r.cityOrgId }).allowed);
}

/** How many of these cities are at each workflow stage, in workflow order (a city nobody has saved for is a draft). */
export function statusCounts(cohort: Pick<CohortRow, "status">[]): [SubmissionStatus, number][] {
  return SUBMISSION_STATUSES.map((status) => [status, cohort.filter((r) => (r.status ?? "draft") === status).length] as [SubmissionStatus, number]).filter(([, count]) => count > 0);
}

/** What the campaign page shows of a campaign already loaded with its resource. */
export function campaignDetails(resource: CampaignResource & { row: typeof campaign.$inferSelect }) {
  const { id: _id, ministryOrgId: _ministry, method: _method, createdAt: _created, ...shown } = resource.row;
  return { ...shown, cohortSize: resource.cohort.length };
}

/** What an assessor acts on first: submissions waiting for review, then those under review, then the rest. */
const QUEUE_ORDER: Record<string, number> = { submitted: 0, resubmitted: 0, in_review: 1, returned: 2, draft: 3, signed_off: 4, withdrawn: 5 };

export interface QueueItem {
  campaignSlug: string;
  campaignNameZh: string;
  campaignNameEn: string;
  cityName: string;
  cityNameEn: string | null;
  divisionCode: string;
  status: string;
  /** This agency's part: the primary assessor (who signs off) or the independent second one. */
  role: "primary" | "second";
  reviewDeadline: Date;
  updatedAt: Date | null;
  progress: SubmissionProgress;
}

/** The agency's review queue across its open campaigns: every assigned city, most urgent first. */
export async function assessorQueue(db: Db, actor: Actor): Promise<QueueItem[]> {
  const m = actor.membership;
  if (m?.kind !== "agency") return [];
  const rows = await db
    .select({ campaign, entry: campaignCity, cityName: organization.name, cityNameEn: orgProfile.nameEn, divisionCode: orgProfile.divisionCode, status: submission.status, submissionId: submission.id, updatedAt: submission.updatedAt })
    .from(campaignCity)
    .innerJoin(campaign, eq(campaign.id, campaignCity.campaignId))
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .where(and(eq(campaign.status, "open"), or(eq(campaignCity.agencyOrgId, m.orgId), eq(campaignCity.secondAgencyOrgId, m.orgId))));
  const cohorts = new Map<string, (typeof campaignCity.$inferSelect)[]>();
  if (rows.length) for (const c of await db.select().from(campaignCity).where(inArray(campaignCity.campaignId, [...new Set(rows.map((r) => r.campaign.id))]))) cohorts.set(c.campaignId, [...(cohorts.get(c.campaignId) ?? []), c]);
  const visible = rows.filter((r) => decide(actor, "read:city-data", { type: "city-data", campaign: toResource(r.campaign, cohorts.get(r.campaign.id)!), cityOrgId: r.entry.cityOrgId }).allowed);
  return (await withProgress(db, visible, (r) => r.campaign.frameworkRef))
    .map((r) => ({
      campaignSlug: r.campaign.slug,
      campaignNameZh: r.campaign.nameZh,
      campaignNameEn: r.campaign.nameEn,
      cityName: r.cityName,
      cityNameEn: r.cityNameEn,
      divisionCode: r.divisionCode!,
      status: r.status ?? "draft",
      role: r.entry.agencyOrgId === m.orgId ? ("primary" as const) : ("second" as const),
      reviewDeadline: r.campaign.reviewDeadline,
      updatedAt: r.updatedAt,
      progress: r.progress,
    }))
    .sort((a, b) => QUEUE_ORDER[a.status]! - QUEUE_ORDER[b.status]! || a.reviewDeadline.getTime() - b.reviewDeadline.getTime() || a.divisionCode.localeCompare(b.divisionCode));
}
