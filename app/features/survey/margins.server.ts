import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaignCity, orgProfile, survey, surveyEstimate, surveyMargin, type SurveyMargins, type SurveyQuota } from "../../../db/schema";
import { readSheetRows } from "../../platform/spreadsheet-file.server";
import { parseTypedNumber } from "../../platform/typed-number";
import { appendAudit } from "../audit/index.server";
import { problem, type Problem } from "../i18n/index.server";

/** The margins file's columns, by their Chinese or English header, in any order. */
const COLUMNS = [
  { key: "code", zh: "行政区划代码", en: "Division code" },
  { key: "quota", zh: "配额", en: "Quota" },
  { key: "category", zh: "类别", en: "Category" },
  { key: "share", zh: "占比", en: "Share" },
] as const;
type Column = (typeof COLUMNS)[number]["key"];

export interface MarginProblem {
  row: number;
  column: Column | "";
  problem: Problem;
}

/** Every town, five categories each, and a header. */
const MAX_ROWS = 200_001;

/** Shares of one quota add up to 1 within this much (census tables are rounded). */
const SUM_TOLERANCE = 0.01;

/** A quota or category named by its id or value, or by its label in either language. */
const named = <T extends { label: { zh: string; en: string } }>(items: readonly T[], key: (t: T) => string, text: string) =>
  items.find((i) => key(i) === text || i.label.zh === text || i.label.en.toLowerCase() === text.toLowerCase());

/**
 * A file of population shares, one row per city, quota and category, checked in full: every
 * problem by row and column, or every city's margins. Shares may be fractions or percentages;
 * each city's shares of a quota must cover every category and add up to 1.
 */
export async function checkMarginsFile(db: Db, campaignId: string, bytes: Uint8Array): Promise<{ margins: Map<string, SurveyMargins>; codes: Map<string, string> } | { problems: MarginProblem[] }> {
  const [current] = await db.select({ quotas: survey.quotas }).from(survey).where(eq(survey.campaignId, campaignId));
  if (!current) return { problems: [{ row: 0, column: "", problem: problem("p_surveyMissing") }] };
  if (!current.quotas.length) return { problems: [{ row: 0, column: "", problem: problem("p_marginsNoQuotas") }] };
  const read = await readSheetRows(bytes, { width: COLUMNS.length + 4, maxRows: MAX_ROWS, tooMany: (rows) => problem("p_onboardTooManyRows", { rows: rows - 1, max: MAX_ROWS - 1 }) });
  if ("problem" in read) return { problems: [{ row: 0, column: "", problem: read.problem }] };
  const [header = [], ...body] = read.rows;
  const at = new Map<Column, number>();
  header.forEach((cell, i) => {
    const column = COLUMNS.find((c) => c.zh === cell.replace(/^\ufeff/, "") || c.en.toLowerCase() === cell.toLowerCase());
    if (column && !at.has(column.key)) at.set(column.key, i);
  });
  const missing = COLUMNS.filter((c) => !at.has(c.key));
  if (missing.length) return { problems: missing.map((c) => ({ row: 1, column: c.key, problem: problem("p_onboardMissingColumn") })) };

  const cohort = await db.select({ cityOrgId: campaignCity.cityOrgId, code: orgProfile.divisionCode }).from(campaignCity).innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId)).where(eq(campaignCity.campaignId, campaignId));
  const cityOf = new Map(cohort.map((c) => [c.code ?? "", c.cityOrgId]));
  const frozen = new Set((await db.selectDistinct({ cityOrgId: surveyEstimate.cityOrgId }).from(surveyEstimate).where(eq(surveyEstimate.campaignId, campaignId))).map((r) => r.cityOrgId));
  const problems: MarginProblem[] = [];
  const margins = new Map<string, SurveyMargins>();
  const firstRow = new Map<string, number>();
  body.forEach((cells, k) => {
    const row = k + 2;
    const cell = (c: Column) => cells[at.get(c)!] ?? "";
    if (COLUMNS.every((c) => cell(c.key) === "")) return;
    const flag = (column: Column, p: Problem) => problems.push({ row, column, problem: p });
    const cityOrgId = cityOf.get(cell("code"));
    if (!cityOrgId) return flag("code", problem("p_marginsCityNotInCohort", { code: cell("code") }));
    if (frozen.has(cityOrgId)) return flag("code", problem("p_marginsCityFrozen", { code: cell("code") }));
    const quota: SurveyQuota | undefined = named(current.quotas, (q) => q.id, cell("quota"));
    if (!quota) return flag("quota", problem("p_marginsUnknownQuota", { got: cell("quota"), quotas: current.quotas.map((q) => q.id).join(", ") }));
    const category = named(quota.categories, (c) => c.value, cell("category"));
    if (!category) return flag("category", problem("p_marginsUnknownCategory", { got: cell("category"), quota: quota.id, categories: quota.categories.map((c) => c.value).join(", ") }));
    const text = cell("share");
    const number = parseTypedNumber(text);
    const share = number === null || number === undefined ? undefined : text.trim().endsWith("%") || number > 1 ? number / 100 : number;
    if (share === undefined || !(share >= 0 && share <= 1)) return flag("share", problem("p_marginsShare", { got: text }));
    const city = margins.get(cityOrgId) ?? {};
    const shares = (city[quota.id] ??= {});
    if (category.value in shares) return flag("category", problem("p_onboardRepeatedInFile", { first: firstRow.get(`${cityOrgId}|${quota.id}|${category.value}`)! }));
    shares[category.value] = share;
    firstRow.set(`${cityOrgId}|${quota.id}|${category.value}`, row);
    if (!firstRow.has(`${cityOrgId}|${quota.id}`)) firstRow.set(`${cityOrgId}|${quota.id}`, row);
    margins.set(cityOrgId, city);
  });
  const codeOf = new Map(cohort.map((c) => [c.cityOrgId, c.code ?? ""]));
  for (const [cityOrgId, city] of margins)
    for (const [quotaId, shares] of Object.entries(city)) {
      const quota = current.quotas.find((q) => q.id === quotaId)!;
      const row = firstRow.get(`${cityOrgId}|${quotaId}`)!;
      const absent = quota.categories.filter((c) => !(c.value in shares)).map((c) => c.value);
      if (absent.length) problems.push({ row, column: "category", problem: problem("p_marginsCategoriesMissing", { code: codeOf.get(cityOrgId)!, quota: quotaId, categories: absent.join(", ") }) });
      const sum = Object.values(shares).reduce((a, b) => a + b, 0);
      if (!absent.length && Math.abs(sum - 1) > SUM_TOLERANCE) problems.push({ row, column: "share", problem: problem("p_marginsSum", { code: codeOf.get(cityOrgId)!, quota: quotaId, sum: sum.toFixed(3) }) });
    }
  if (problems.length) return { problems: problems.sort((a, b) => a.row - b.row) };
  if (!margins.size) return { problems: [{ row: 0, column: "", problem: problem("p_onboardNoRows") }] };
  return { margins, codes: codeOf };
}

/** Replaces the margins of every city in the file, all together, with one audit entry naming them. */
export async function saveSurveyMargins(db: Db, campaignId: string, userId: string, margins: Map<string, SurveyMargins>, codes: Map<string, string>) {
  await db.transaction(async (tx) => {
    const cities = [...margins.keys()];
    const before = new Set((await tx.select({ cityOrgId: surveyMargin.cityOrgId }).from(surveyMargin).where(and(eq(surveyMargin.campaignId, campaignId), inArray(surveyMargin.cityOrgId, cities)))).map((r) => r.cityOrgId));
    for (const [cityOrgId, values] of margins)
      await tx
        .insert(surveyMargin)
        .values({ campaignId, cityOrgId, margins: values })
        .onConflictDoUpdate({ target: [surveyMargin.campaignId, surveyMargin.cityOrgId], set: { margins: values, updatedAt: new Date() } });
    await appendAudit(tx, campaignId, {
      actorUserId: userId,
      entity: "campaign",
      entityId: campaignId,
      action: "survey.margins",
      after: { cities: cities.length, replaced: before.size, codes: cities.map((c) => codes.get(c)!).sort() },
    });
  });
}

/** The margins columns under the reader's headers, for the problems list. */
export const marginColumnHeader = (column: Column | "", locale: "zh-CN" | "en") => (column ? COLUMNS.find((c) => c.key === column)![locale === "en" ? "en" : "zh"] : "");
