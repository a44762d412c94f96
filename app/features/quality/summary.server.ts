import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaignCity, organization, orgProfile } from "../../../db/schema";
import { frameworkIndicators } from "../../../indicators";
import { localName, makeT, termKey, type Locale } from "../i18n/index.server";
import { flagKindText, flagText } from "./flag-text";
import { campaignQuality } from "./flags.server";
import { FLAG_STATUSES, type FlagStatus, type QualityFlag, type QualityFlagKind } from "./flag";

export type StatusCounts = Record<FlagStatus, number>;

const noCounts = (): StatusCounts => Object.fromEntries(FLAG_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** Counts by status under each key (a kind, a city, an indicator). */
function countBy(flags: readonly QualityFlag[], keysOf: (f: QualityFlag) => string[]) {
  const counts = new Map<string, StatusCounts>();
  for (const flag of flags)
    for (const key of keysOf(flag)) {
      const c = counts.get(key) ?? noCounts();
      c[flag.status]++;
      counts.set(key, c);
    }
  return [...counts].map(([key, c]) => ({ key, ...c, total: c.open + c.explained + c.resolved }));
}

/**
 * The campaign's data quality as its ministry reads it: every flag of every city (evidence
 * cross-checks included), with counts by kind, city and indicator. Notices (a value on its range's
 * edge) are listed but not counted as problems.
 */
export async function campaignQualityOverview(db: Db, campaignId: string) {
  const quality = await campaignQuality(db, campaignId, { evidenceChecks: true });
  const cities = await db
    .select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn, code: orgProfile.divisionCode })
    .from(campaignCity)
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .where(eq(campaignCity.campaignId, campaignId))
    .orderBy(orgProfile.divisionCode);
  const cityOf = new Map(cities.map((c) => [c.id, c]));
  const problems = quality.flags.filter((f) => f.severity !== "notice");
  return {
    framework: quality.framework,
    flags: quality.flags,
    cities: Object.fromEntries(cities.map((c) => [c.id, { name: c.name, nameEn: c.nameEn, code: c.code ?? "" }])),
    rules: Object.fromEntries((quality.framework.rules ?? []).map((r) => [r.id, r.message])),
    names: Object.fromEntries(frameworkIndicators(quality.framework).map((i) => [i.code, i.name])),
    smallCohort: quality.smallCohort,
    previousCampaign: [...new Set(Object.values(quality.previousCampaign))],
    byKind: countBy(problems, (f) => [f.kind]) as (StatusCounts & { key: QualityFlagKind; total: number })[],
    byCity: countBy(problems, (f) => [f.cityOrgId]).sort((a, b) => (cityOf.get(a.key)?.code ?? "").localeCompare(cityOf.get(b.key)?.code ?? "")),
    byIndicator: countBy(problems, (f) => f.indicators),
    totals: { ...noCounts(), ...Object.fromEntries(FLAG_STATUSES.map((s) => [s, problems.filter((f) => f.status === s).length])), total: problems.length, notices: quality.flags.length - problems.length },
  };
}

/** Every flag as a spreadsheet row (city, kind, level, indicators, why, status, explanation, resolution), in the reader's language. */
export function qualitySheet(overview: Awaited<ReturnType<typeof campaignQualityOverview>>, locale: Locale) {
  const t = makeT(locale);
  const context = { rules: overview.rules, cities: overview.cities };
  const header = [t("divisionCode"), t("qualityColCity"), t("qualityColKind"), t("qualityColSeverity"), t("qualityColIndicators"), t("qualityColWhat"), t("qualityColStatus"), t("flagExplanation"), t("flagResolveLabel"), t("flagResolutionNote")];
  const body = overview.flags.map((f) => {
    const city = overview.cities[f.cityOrgId];
    return [
      city?.code ?? "",
      city ? localName(locale, city.name, city.nameEn) : "",
      flagKindText(locale, f),
      t(termKey("flagSeverity", f.severity)),
      f.indicators.join(" "),
      flagText(locale, f, context),
      t(termKey("flagStatus", f.status)),
      f.note?.explanation ?? "",
      f.note?.resolution ? t(termKey("flagResolution", f.note.resolution)) : "",
      f.note?.resolutionNote ?? "",
    ];
  });
  return { header, body, scoreColumns: [] as number[] };
}
