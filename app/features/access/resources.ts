import type { campaign, campaignCity } from "../../../db/schema";
import type { CampaignResource } from "./permissions";

type CohortRow = Pick<typeof campaignCity.$inferSelect, "cityOrgId" | "agencyOrgId" | "secondAgencyOrgId">;
const asResourceCohort = new WeakMap<readonly CohortRow[], CampaignResource["cohort"]>();

/** The cohort as `decide` reads it, made once per kept list of rows (and so indexed once by `decide`). */
function resourceCohort(cohort: readonly CohortRow[]): CampaignResource["cohort"] {
  let made = asResourceCohort.get(cohort);
  if (!made) asResourceCohort.set(cohort, (made = Object.freeze(cohort.map((c) => ({ cityOrgId: c.cityOrgId, agencyOrgIds: [c.agencyOrgId, ...(c.secondAgencyOrgId ? [c.secondAgencyOrgId] : [])] })))));
  return made;
}

/** A campaign row and its cohort as the resource `decide` judges. */
export function toResource(row: typeof campaign.$inferSelect, cohort: readonly CohortRow[]): CampaignResource {
  return {
    type: "campaign",
    campaignId: row.id,
    ministryOrgId: row.ministryOrgId,
    cohort: resourceCohort(cohort),
    resultsPublished: row.resultsPublishedAt !== null,
    status: row.status,
  };
}
