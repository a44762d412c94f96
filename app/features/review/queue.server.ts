import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, submission } from "../../../db/schema";
import { decide, type Actor } from "../access/index.server";
import { toResource } from "../access/index.server";
import { withProgress, type SubmissionProgress } from "../submissions/index.server";
import { campaignQuality, openForAssessor } from "../quality/index.server";
import { groupBy } from "../../platform/group-by";

/** What an assessor acts on first: submissions waiting for review, then those under review, then the rest; within each, the most open flags first. */
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
  /** Plausibility flags not yet resolved by an assessor: what to look at first. */
  openFlags: number;
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
  // Each campaign's checks once, over the cities this agency may see.
  const openFlags = new Map<string, number>();
  for (const [campaignId, rows] of groupBy(visible, (r) => r.campaign.id)) {
    const { flags } = await campaignQuality(db, campaignId, { cityOrgIds: rows.map((r) => r.entry.cityOrgId), evidenceChecks: true });
    const byCity = groupBy(flags, (f) => f.cityOrgId);
    for (const r of rows) openFlags.set(`${campaignId}/${r.entry.cityOrgId}`, openForAssessor(byCity.get(r.entry.cityOrgId) ?? []));
  }
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
      openFlags: openFlags.get(`${r.campaign.id}/${r.entry.cityOrgId}`) ?? 0,
    }))
    .sort((a, b) => QUEUE_ORDER[a.status]! - QUEUE_ORDER[b.status]! || b.openFlags - a.openFlags || a.reviewDeadline.getTime() - b.reviewDeadline.getTime() || a.divisionCode.localeCompare(b.divisionCode));
}
