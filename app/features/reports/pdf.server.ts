import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, orgProfile, result } from "../../../db/schema";
import { buildCityReport, buildCohortReport, COHORT_CODE, parseReportId, reportId } from "../../../reports/index";
import type { ReportLocale } from "../../../reports/types";
import { cityReportData, cohortReportData, ReportUnavailableError, signedOffCityCodes } from "./data.server";
import { reportIdKey } from "./report-key.server";
import { problem } from "../i18n/index.server";

export { ReportUnavailableError };

export async function cityReportPdf(db: Db, campaignId: string, cityOrgId: string, locale: ReportLocale, options: { ranks?: boolean } = {}) {
  return buildCityReport(await cityReportData(db, campaignId, cityOrgId, locale, options));
}

export async function cohortReportPdf(db: Db, campaignId: string, locale: ReportLocale) {
  return buildCohortReport(await cohortReportData(db, campaignId, locale));
}

/** Every signed-off city's report plus the cohort report, as files named for a ZIP or a directory. */
export async function campaignReportFiles(db: Db, campaignId: string, locale: ReportLocale, onProgress: (done: number, total: number) => Promise<void> | void = () => {}) {
  const cities = await signedOffCityCodes(db, campaignId);
  if (!cities.length) throw new ReportUnavailableError(problem("p_reportNothingSignedOff"));
  const total = cities.length + 1;
  const files: Record<string, Buffer> = {};
  for (const [i, city] of cities.entries()) {
    files[`${city.code}.pdf`] = (await cityReportPdf(db, campaignId, city.cityOrgId, locale)).pdf;
    await onProgress(i + 1, total);
    // Building a PDF is synchronous work: let waiting requests through between reports.
    await new Promise((resolve) => setImmediate(resolve));
  }
  files["cohort.pdf"] = (await cohortReportPdf(db, campaignId, locale)).pdf;
  await onProgress(total, total);
  return files;
}

/* ------------------------------------------------------------- verification */

export type Verdict =
  | { genuine: true; campaign: { slug: string; nameZh: string; nameEn: string }; cityCode: string; signedOffAt: string; supersededBy: number }
  | { genuine: false; reason: VerdictReason };

/** Why a report could not be confirmed; the page says each in the reader's language, and which field to check. */
export type VerdictReason = "malformed-id" | "malformed-hash" | "unknown-hash" | "id-mismatch";

/**
 * Confirms a report: the hash must be a frozen result's, the report ID must be the one derived
 * from that result for the named city (which must be in its cohort) or for the cohort report.
 * A genuine report made before later sign-offs is reported with how many came after.
 */
export async function verifyReport(db: Db, id: string, hash: string): Promise<Verdict> {
  const parsed = parseReportId(id);
  if (!parsed) return { genuine: false, reason: "malformed-id" };
  if (!/^[0-9a-f]{64}$/.test(hash)) return { genuine: false, reason: "malformed-hash" };
  const matches = await db.select({ result, campaign }).from(result).innerJoin(campaign, eq(campaign.id, result.campaignId)).where(eq(result.hash, hash));
  for (const { result: r, campaign: c } of matches) {
    if (parsed.cityCode !== COHORT_CODE) {
      // The city is in the result's cohort if it was signed off no later (decision 016).
      const [inCohort] = await db
        .select({ id: result.id })
        .from(result)
        .innerJoin(orgProfile, eq(orgProfile.organizationId, result.cityOrgId))
        .where(and(eq(result.campaignId, c.id), eq(orgProfile.divisionCode, parsed.cityCode), lte(result.cohortSeq, r.cohortSeq)))
        .limit(1);
      if (!inCohort) continue;
    }
    const key = await reportIdKey(db);
    const derived = (["zh", "en"] as const).map((locale) => reportId({ campaignSlug: c.slug, cityCode: parsed.cityCode, locale, resultHash: hash }, key));
    if (!derived.includes(id)) continue;
    const later = await db
      .select({ id: result.id })
      .from(result)
      .where(and(eq(result.campaignId, c.id), gt(result.cohortSeq, r.cohortSeq)));
    return { genuine: true, campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn }, cityCode: parsed.cityCode, signedOffAt: r.signedOffAt.toISOString(), supersededBy: later.length };
  }
  return { genuine: false, reason: matches.length ? "id-mismatch" : "unknown-hash" };
}
