import { and, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, result, submission, SUBMISSION_STATUSES, type SubmissionStatus } from "../../../db/schema";
import { decide, type Actor, type CampaignResource } from "../access/index.server";
import { toResource } from "../access/index.server";

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
  status: SubmissionStatus | null;
  submissionId: string | null;
  updatedAt: Date | null;
  /** Overall score of the signed-off result, if any. */
  score: number | null;
}

/** The cohort rows of a campaign that the actor may read (`read:city-data` per city). */
/**
 * The cohort entries whose data the actor may read, as SQL: every city for the owning ministry, the
 * assigned cities for an agency, itself for a city (decide's read:city-data, which still filters
 * the rows after, so the two can only agree or show fewer).
 */
function readableCohort(actor: Actor, resource: CampaignResource) {
  const m = actor.membership;
  const ofCampaign = eq(campaignCity.campaignId, resource.campaignId);
  if (!m || m.kind === "ministry") return ofCampaign;
  if (m.kind === "agency") return and(ofCampaign, or(eq(campaignCity.agencyOrgId, m.orgId), eq(campaignCity.secondAgencyOrgId, m.orgId)));
  return and(ofCampaign, eq(campaignCity.cityOrgId, m.orgId));
}

/** A page of the cohort: `limit` entries from `offset`, in division-code order; without it, all of them. */
export async function visibleCohort(db: Db, actor: Actor, resource: CampaignResource, page?: { offset: number; limit: number }): Promise<CohortRow[]> {
  const city = alias(organization, "city");
  const agency = alias(organization, "agency");
  const second = alias(organization, "second_agency");
  const query = db
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
    .where(readableCohort(actor, resource))
    .orderBy(orgProfile.divisionCode, campaignCity.cityOrgId);
  const rows = page ? await query.limit(page.limit).offset(page.offset) : await query;
  return rows.filter((r) => decide(actor, "read:city-data", { type: "city-data", campaign: resource, cityOrgId: r.cityOrgId }).allowed);
}

/** How many of the cities the actor may read are at each workflow stage, counted by the database (a page shows a hundred of 20,401). */
export async function cohortStatusCounts(db: Db, actor: Actor, resource: CampaignResource): Promise<[SubmissionStatus, number][]> {
  const rows = await db
    .select({ status: sql<SubmissionStatus>`coalesce(${submission.status}, 'draft')`, n: sql<number>`count(*)::int` })
    .from(campaignCity)
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .where(readableCohort(actor, resource))
    .groupBy(sql`1`);
  const counts = new Map(rows.map((r) => [r.status, r.n]));
  return SUBMISSION_STATUSES.flatMap((status) => (counts.get(status) ? [[status, counts.get(status)!] as [SubmissionStatus, number]] : []));
}

/** What the campaign page shows of a campaign already loaded with its resource. */
export function campaignDetails(resource: CampaignResource & { row: typeof campaign.$inferSelect }) {
  const { id: _id, ministryOrgId: _ministry, method: _method, createdAt: _created, ...shown } = resource.row;
  return { ...shown, cohortSize: resource.cohort.length };
}

