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

