import type { campaign, campaignCity } from "../../../db/schema";
import type { CampaignResource } from "./permissions";

/** A campaign row and its cohort as the resource `decide` judges. */
export function toResource(row: typeof campaign.$inferSelect, cohort: Pick<typeof campaignCity.$inferSelect, "cityOrgId" | "agencyOrgId" | "secondAgencyOrgId">[]): CampaignResource {
  return {
    type: "campaign",
    campaignId: row.id,
    ministryOrgId: row.ministryOrgId,
    cohort: cohort.map((c) => ({ cityOrgId: c.cityOrgId, agencyOrgIds: [c.agencyOrgId, ...(c.secondAgencyOrgId ? [c.secondAgencyOrgId] : [])] })),
    resultsPublished: row.resultsPublishedAt !== null,
    status: row.status,
  };
}
