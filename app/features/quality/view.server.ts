import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { organization, orgProfile } from "../../../db/schema";
import { decide, type Actor, type CampaignResource } from "../access/index.server";
import { campaignQuality } from "./flags.server";
import type { QualityFlag } from "./flag";

/** The cohort's figures a city is not shown: it learns how far out its value is, not where the others stand. */
const COHORT_FIGURES = ["median", "mad", "lowerFence", "upperFence"];

/** A flag as its city may read it: without the cohort's figures, and with any other city that shares its file only counted. */
export function asCitySeesIt(flag: QualityFlag): QualityFlag {
  const detail = Object.fromEntries(Object.entries(flag.detail).filter(([k]) => !COHORT_FIGURES.includes(k)));
  const evidence = flag.evidence && { ...flag.evidence, otherCityOrgIds: [], hiddenOthers: (flag.evidence.hiddenOthers ?? 0) + (flag.evidence.otherCityOrgIds?.length ?? 0) };
  return { ...flag, detail, ...(evidence ? { evidence } : {}) };
}

/**
 * One city's flags as this reader may see them: the city gets the flags on its own values (with
 * its modified z-score but not the cohort's median or fences); its assessors and the ministry also
 * get the evidence cross-checks and the cohort's figures.
 */
export async function cityFlagsFor(db: Db, actor: Actor, resource: CampaignResource, cityOrgId: string) {
  const crossChecks = decide(actor, "read:quality-cross-checks", { type: "city-data", campaign: resource, cityOrgId }).allowed;
  const quality = await campaignQuality(db, resource.campaignId, { cityOrgIds: [cityOrgId], evidenceChecks: crossChecks });
  const flags = quality.flags.filter((f) => f.cityOrgId === cityOrgId);
  const others = [...new Set(flags.flatMap((f) => f.evidence?.otherCityOrgIds ?? []))];
  const names = others.length
    ? await db.select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn, code: orgProfile.divisionCode }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(inArray(organization.id, others))
    : [];
  return {
    cities: Object.fromEntries(names.map((n) => [n.id, { name: n.name, nameEn: n.nameEn, code: n.code }])),
    flags: crossChecks ? flags : flags.map(asCitySeesIt),
    crossChecks,
    previousCampaign: quality.previousCampaign[cityOrgId] ?? null,
  };
}
