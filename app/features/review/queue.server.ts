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
    .select({ campaignId: campaignCity.campaignId, entry: { cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId }, cityName: organization.name, cityNameEn: orgProfile.nameEn, divisionCode: orgProfile.divisionCode })
    .from(campaignCity)
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .where(and(inArray(campaignCity.campaignId, [...campaignRows.keys()]), or(eq(campaignCity.agencyOrgId, m.orgId), eq(campaignCity.secondAgencyOrgId, m.orgId))));
  if (!cityRows.length) return empty;
  // Read on their own, not joined town by town: joined, each submission's row-level check ran once
  // per town (a third of a second for 20,401); alone, once for the query.
  const submissions = await db
    .select({ campaignId: submission.campaignId, cityOrgId: submission.cityOrgId, status: submission.status, submissionId: submission.id, updatedAt: submission.updatedAt })
    .from(submission)
    .where(inArray(submission.campaignId, [...campaignRows.keys()]));
  const submissionOf = new Map(submissions.map((x) => [`${x.campaignId}/${x.cityOrgId}`, x]));
  const rows = cityRows.map((r) => {
    const own = submissionOf.get(`${r.campaignId}/${r.entry.cityOrgId}`);
    return { ...r, status: own?.status ?? null, submissionId: own?.submissionId ?? null, updatedAt: own?.updatedAt ?? null, campaign: campaignRows.get(r.campaignId)! };
  });
  // Each campaign as `decide` judges it, built once: per row it would be 20,401 × 20,401 at town scale.
  const campaignIds = [...new Set(rows.map((r) => r.campaign.id))];
  const entries = groupBy(
    await db.select({ campaignId: campaignCity.campaignId, cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId, secondAgencyOrgId: campaignCity.secondAgencyOrgId }).from(campaignCity).where(inArray(campaignCity.campaignId, campaignIds)),
    (e) => e.campaignId,
  );
  const resources = new Map(campaignIds.map((id) => [id, toResource(campaignRows.get(id)!, entries.get(id) ?? [])]));
  const visible = rows.filter((r) => decide(actor, "read:city-data", { type: "city-data", campaign: resources.get(r.campaign.id)!, cityOrgId: r.entry.cityOrgId }).allowed);
  const groupOf = (r: (typeof visible)[number]) => QUEUE_ORDER[r.status ?? "draft"]!;
  const { offset, ...paging } = pageWithin(visible.length, size, requestedPage);
  // Each campaign's checks once, over the cities this agency may see and can act on now (submitted
  // to returned): a draft is not the assessor's yet and a signed-off city is done. The queue is
  // ordered by status first, so only the statuses this page reaches are ordered by their flags:
  // checking every actionable town of the country on each visit to the dashboard took seconds.
  const sizes = new Map<number, number>();
  for (const r of visible) sizes.set(groupOf(r), (sizes.get(groupOf(r)) ?? 0) + 1);
  const onPage = new Set<number>();
  let start = 0;
  for (const [group, count] of [...sizes].sort(([a], [b]) => a - b)) {
    if (start < offset + size && start + count > offset) onPage.add(group);
    start += count;
  }
  const openFlags = new Map<string, number>();
  const actionable = visible.filter((r) => groupOf(r) <= QUEUE_ORDER.returned! && onPage.has(groupOf(r)));
  for (const [campaignId, rows] of groupBy(actionable, (r) => r.campaign.id)) {
    const { flags } = await campaignQuality(db, campaignId, { cityOrgIds: rows.map((r) => r.entry.cityOrgId), evidenceChecks: true });
    const byCity = groupBy(flags, (f) => f.cityOrgId);
    for (const r of rows) openFlags.set(`${campaignId}/${r.entry.cityOrgId}`, openForAssessor(byCity.get(r.entry.cityOrgId) ?? []));
  }
  // Each row's sort keys once, not once per comparison (20,401 towns are compared some 300,000 times).
  const flagsOf = (r: (typeof visible)[number]) => openFlags.get(`${r.campaign.id}/${r.entry.cityOrgId}`) ?? 0;
  const keyed = visible.map((r) => ({ r, group: groupOf(r), flags: flagsOf(r), deadline: r.campaign.reviewDeadline.getTime() }));
  keyed.sort((a, b) => a.group - b.group || b.flags - a.flags || a.deadline - b.deadline || (a.r.divisionCode! < b.r.divisionCode! ? -1 : a.r.divisionCode! > b.r.divisionCode! ? 1 : 0));
  const ordered = keyed.map((k) => k.r);
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
