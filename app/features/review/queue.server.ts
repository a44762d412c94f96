import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, submission } from "../../../db/schema";
import { decide, type Actor } from "../access/index.server";
import { toResource } from "../access/index.server";
import { withProgress, type SubmissionProgress } from "../submissions/index.server";
import { campaignQuality, openForAssessor } from "../quality/index.server";
import { groupBy } from "../../platform/group-by";
import { pageWithin, type Paging } from "../../platform/paging";

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
  /** Plausibility flags not yet resolved by an assessor: what to look at first (counted while the city is submitted, in review or returned; 0 otherwise). */
  openFlags: number;
}

/** The agency's review queue across its open campaigns: every assigned city, most urgent first, a page at a time. */
export async function assessorQueue(db: Db, actor: Actor, requestedPage: string | null = null, size = QUEUE_PAGE_SIZE): Promise<{ items: QueueItem[]; paging: Paging }> {
  const m = actor.membership;
  const empty = { items: [], paging: pageWithin(0, size, null) };
  if (m?.kind !== "agency") return empty;
  const openCampaigns = await db.select().from(campaign).where(eq(campaign.status, "open"));
  if (!openCampaigns.length) return empty;
  const campaignRows = new Map(openCampaigns.map((c) => [c.id, c]));
  // The campaign's columns once per campaign, not once per town.
  const cityRows = await db
    .select({ campaignId: campaignCity.campaignId, entry: { cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId }, cityName: organization.name, cityNameEn: orgProfile.nameEn, divisionCode: orgProfile.divisionCode, status: submission.status, submissionId: submission.id, updatedAt: submission.updatedAt })
    .from(campaignCity)
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .where(and(inArray(campaignCity.campaignId, [...campaignRows.keys()]), or(eq(campaignCity.agencyOrgId, m.orgId), eq(campaignCity.secondAgencyOrgId, m.orgId))));
  if (!cityRows.length) return empty;
  const rows = cityRows.map((r) => ({ ...r, campaign: campaignRows.get(r.campaignId)! }));
  // Each campaign as `decide` judges it, built once: per row it would be 20,401 × 20,401 at town scale.
  const campaignIds = [...new Set(rows.map((r) => r.campaign.id))];
  const entries = groupBy(
    await db.select({ campaignId: campaignCity.campaignId, cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId, secondAgencyOrgId: campaignCity.secondAgencyOrgId }).from(campaignCity).where(inArray(campaignCity.campaignId, campaignIds)),
    (e) => e.campaignId,
  );
  const resources = new Map(campaignIds.map((id) => [id, toResource(campaignRows.get(id)!, entries.get(id) ?? [])]));
  const visible = rows.filter((r) => decide(actor, "read:city-data", { type: "city-data", campaign: resources.get(r.campaign.id)!, cityOrgId: r.entry.cityOrgId }).allowed);
  // Each campaign's checks once, over the cities this agency may see and can act on now (submitted
  // to returned): a draft is not the assessor's yet and a signed-off city is done, and checking
  // every town of the country on each visit to the dashboard took seconds.
  const openFlags = new Map<string, number>();
  const actionable = visible.filter((r) => QUEUE_ORDER[r.status ?? "draft"]! <= QUEUE_ORDER.returned!);
  for (const [campaignId, rows] of groupBy(actionable, (r) => r.campaign.id)) {
    const { flags } = await campaignQuality(db, campaignId, { cityOrgIds: rows.map((r) => r.entry.cityOrgId), evidenceChecks: true });
    const byCity = groupBy(flags, (f) => f.cityOrgId);
    for (const r of rows) openFlags.set(`${campaignId}/${r.entry.cityOrgId}`, openForAssessor(byCity.get(r.entry.cityOrgId) ?? []));
  }
  const flagsOf = (r: (typeof visible)[number]) => openFlags.get(`${r.campaign.id}/${r.entry.cityOrgId}`) ?? 0;
  const ordered = visible.sort(
    (a, b) =>
      QUEUE_ORDER[a.status ?? "draft"]! - QUEUE_ORDER[b.status ?? "draft"]! ||
      flagsOf(b) - flagsOf(a) ||
      a.campaign.reviewDeadline.getTime() - b.campaign.reviewDeadline.getTime() ||
      (a.divisionCode! < b.divisionCode! ? -1 : a.divisionCode! > b.divisionCode! ? 1 : 0),
  );
  const { offset, ...paging } = pageWithin(ordered.length, size, requestedPage);
  // Completion is read for the page shown only: it does not order the queue.
  const shown = await withProgress(db, ordered.slice(offset, offset + size), (r) => r.campaign.frameworkRef);
  return {
    paging,
    items: shown.map((r) => ({
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
      openFlags: flagsOf(r),
    })),
  };
}

/** Cities per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;
