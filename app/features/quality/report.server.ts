import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { indicatorValue, submission } from "../../../db/schema";
import { declarationLine } from "./declaration";
import type { CityReportData, CohortReportData, QualityCounts, ReportLocale } from "../../../reports/types";
import { termKey, translate, type Locale } from "../i18n/index.server";
import { campaignQuality } from "./flags.server";
import { campaignQualityOverview } from "./summary.server";
import type { QualityFlag } from "./flag";
import { flagKindText, flagText } from "./flag-text";
import { asCitySeesIt } from "./view.server";

const appLocale = (locale: ReportLocale): Locale => (locale === "zh" ? "zh-CN" : "en");

/** Status counts of flags that call for action (notices are not counted). */
function counts(flags: readonly QualityFlag[]): QualityCounts {
  const problems = flags.filter((f) => f.severity !== "notice");
  return {
    total: problems.length,
    resolved: problems.filter((f) => f.status === "resolved").length,
    explained: problems.filter((f) => f.status === "explained").length,
    open: problems.filter((f) => f.status === "open").length,
  };
}

/**
 * A city report's data-quality section. The city reads its own report, so no other city is named
 * and the cohort's figures are left out, as on its submission page.
 */
export async function cityReportQuality(db: Db, campaignId: string, cityOrgId: string, locale: ReportLocale): Promise<NonNullable<CityReportData["quality"]>> {
  const { flags, framework } = await campaignQuality(db, campaignId, { cityOrgIds: [cityOrgId], evidenceChecks: true });
  const app = appLocale(locale);
  const rules = Object.fromEntries((framework.rules ?? []).map((r) => [r.id, r.message]));
  const own = flags.filter((f) => f.cityOrgId === cityOrgId && f.severity !== "notice");
  const [sub] = await db.select({ id: submission.id }).from(submission).where(and(eq(submission.campaignId, campaignId), eq(submission.cityOrgId, cityOrgId)));
  const declared = sub ? await db.select({ qualityGrade: indicatorValue.qualityGrade }).from(indicatorValue).where(eq(indicatorValue.submissionId, sub.id)) : [];
  return {
    ...counts(own),
    declaration: declarationLine(app, declared),
    items: own.map((f) => {
      const shown = asCitySeesIt(f);
      const note = f.note;
      return {
        indicators: f.indicators.length > 3 ? `${f.indicators.slice(0, 3).join(", ")} …` : f.indicators.join(", "),
        check: flagKindText(app, f),
        why: flagText(app, shown, { rules, cities: {} }),
        status: note?.resolution ? translate(app, termKey("flagResolution", note.resolution)) : translate(app, termKey("flagStatus", f.status)),
        note: [note?.explanation, note?.resolutionNote].filter(Boolean).join(" / "),
      };
    }),
  };
}

/** The cohort report's data-quality section: counts per city and per kind of check. */
export async function cohortReportQuality(db: Db, campaignId: string, locale: ReportLocale): Promise<NonNullable<CohortReportData["quality"]>> {
  const overview = await campaignQualityOverview(db, campaignId);
  const app = appLocale(locale);
  const byCity = new Map(overview.byCity.map((c) => [c.key, c]));
  return {
    ...counts(overview.flags),
    cities: Object.entries(overview.cities).map(([id, c]) => {
      const row = byCity.get(id);
      return { code: c.code, name: { zh: c.name, en: c.nameEn }, total: row?.total ?? 0, resolved: row?.resolved ?? 0, explained: row?.explained ?? 0, open: row?.open ?? 0 };
    }),
    kinds: overview.byKind.map((k) => ({ check: flagKindText(app, { kind: k.key }), total: k.total, resolved: k.resolved, explained: k.explained, open: k.open })),
  };
}
