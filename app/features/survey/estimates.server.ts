import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { surveyMargin, surveyResponse, type SurveyMargins, type SurveyQuota } from "../../../db/schema";
import { beijingDay } from "../campaigns/index.server";
import { answerDistribution, estimateIndicator, findAnomalies, type AnswerCount, formatCsv, rake, RakingError, respondentScore, type SurveyEstimate, type SurveyIndicator } from "../../../indicators";

type ResponseRow = Pick<typeof surveyResponse.$inferSelect, "id" | "answers" | "profile" | "secondsTaken" | "rejection" | "receivedAt">;

/** Why a response does not count: set aside on arrival, or by the city's anomaly check. */
export type ExclusionReason = "honeypot" | "too_fast" | "burst" | "repeated_pattern";

export interface IndicatorEstimates {
  code: string;
  /** Weighted to the city's population margins when it has them; else the plain estimate. */
  estimate: SurveyEstimate;
  /** The plain (unweighted) estimate, always given beside a weighted one. */
  unweighted: SurveyEstimate;
  /** Each question's answers among the responses that count, unweighted: what the estimate is made of. */
  questions: { id: string; counts: AnswerCount[]; unanswered: number }[];
}

export interface CityEstimates {
  received: number;
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  /** Why weighting was not possible (a margin without respondents…), or null. */
  weightingProblem: string | null;
  indicators: IndicatorEstimates[];
  /** Responses per day (Beijing time), counted and set aside. */
  daily: { day: string; counted: number; excluded: number }[];
  /** SHA-256 of the raw responses file (responsesCsv): what a frozen estimate was computed from. */
  responsesSha256: string;
}

/** The responses and margins of many cities in two queries, by city: a page of towns is not two queries per town. */
export async function citiesSurveyData(db: Db, campaignId: string, cityOrgIds: readonly string[]): Promise<Map<string, { responses: ResponseRow[]; margins: SurveyMargins | null }>> {
  const data = new Map(cityOrgIds.map((id) => [id, { responses: [] as ResponseRow[], margins: null as SurveyMargins | null }]));
  for (let at = 0; at < cityOrgIds.length; at += 5000) {
    const slice = [...cityOrgIds.slice(at, at + 5000)];
    const responses = await db
      .select({ cityOrgId: surveyResponse.cityOrgId, id: surveyResponse.id, answers: surveyResponse.answers, profile: surveyResponse.profile, secondsTaken: surveyResponse.secondsTaken, rejection: surveyResponse.rejection, receivedAt: surveyResponse.receivedAt })
      .from(surveyResponse)
      .where(and(eq(surveyResponse.campaignId, campaignId), inArray(surveyResponse.cityOrgId, slice)))
      .orderBy(asc(surveyResponse.receivedAt), asc(surveyResponse.id));
    for (const { cityOrgId, ...row } of responses) data.get(cityOrgId)!.responses.push(row);
    for (const m of await db.select({ cityOrgId: surveyMargin.cityOrgId, margins: surveyMargin.margins }).from(surveyMargin).where(and(eq(surveyMargin.campaignId, campaignId), inArray(surveyMargin.cityOrgId, slice)))) data.get(m.cityOrgId)!.margins = m.margins;
  }
  return data;
}

export async function cityResponses(db: Db, campaignId: string, cityOrgId: string): Promise<ResponseRow[]> {
  return db
    .select({ id: surveyResponse.id, answers: surveyResponse.answers, profile: surveyResponse.profile, secondsTaken: surveyResponse.secondsTaken, rejection: surveyResponse.rejection, receivedAt: surveyResponse.receivedAt })
    .from(surveyResponse)
    .where(and(eq(surveyResponse.campaignId, campaignId), eq(surveyResponse.cityOrgId, cityOrgId)))
    .orderBy(asc(surveyResponse.receivedAt), asc(surveyResponse.id));
}

/** Every response's reason for not counting, if it has one. */
export function exclusions(rows: readonly ResponseRow[]): Map<string, ExclusionReason> {
  const excluded = new Map<string, ExclusionReason>();
  for (const r of rows) if (r.rejection) excluded.set(r.id, r.rejection);
  const arrived = rows.filter((r) => !r.rejection).map((r) => ({ id: r.id, at: r.receivedAt.getTime(), pattern: JSON.stringify([Object.entries(r.answers).sort(), Object.entries(r.profile).sort()]) }));
  for (const [id, reason] of findAnomalies(arrived)) excluded.set(id, reason);
  return excluded;
}

/**
 * The raw anonymous responses as a CSV: one row per response in arrival order, every answer and
 * quota choice, the completion time and why it was set aside. No device hash, no address.
 */
/** A city's raw responses as a table: one row per response, answers by question, why it was set aside. */
export function responsesTable(indicators: readonly SurveyIndicator[], quotas: readonly SurveyQuota[], rows: readonly ResponseRow[]) {
  const excluded = exclusions(rows);
  const questions = indicators.flatMap((ind) => ind.survey.questions.map((q) => `${ind.code}:${q.id}`));
  const header = ["response", "received_at", ...questions, ...quotas.map((q) => `quota:${q.id}`), "seconds_taken", "excluded"];
  const body = rows.map((r): (string | number)[] => [
    r.id,
    r.receivedAt.toISOString(),
    ...questions.map((k) => r.answers[k] ?? ""),
    ...quotas.map((q) => r.profile[q.id] ?? ""),
    r.secondsTaken,
    excluded.get(r.id) ?? "",
  ]);
  return { header, body };
}

/** The raw responses as CSV: the file whose SHA-256 the frozen estimates and the audit chain name. */
export function responsesCsv({ header, body }: ReturnType<typeof responsesTable>): string {
  return formatCsv([header, ...body.map((row) => row.map(String))]);
}

/** The same table as XLSX, answers as numbers, for those who open it in a spreadsheet. */
export async function responsesXlsx(table: ReturnType<typeof responsesTable>, sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Zhiping";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.body) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The city's estimates from its responses as they stand: the same responses always give the same numbers. */
export function estimateCity(indicators: readonly SurveyIndicator[], quotas: readonly SurveyQuota[], margins: SurveyMargins | null, rows: readonly ResponseRow[]): CityEstimates {
  const excluded = exclusions(rows);
  const counted = rows.filter((r) => !excluded.has(r.id));
  let weights: Float64Array | null = null;
  let weightingProblem: string | null = null;
  const usable = quotas.filter((q) => margins?.[q.id]);
  if (usable.length && counted.length) {
    try {
      weights = rake(
        counted.map((r) => r.profile),
        usable.map((q) => ({ variable: q.id, shares: margins![q.id]! })),
      ).weights;
    } catch (error) {
      if (!(error instanceof RakingError)) throw error;
      weightingProblem = error.message;
    }
  }
  const byReason: Partial<Record<ExclusionReason, number>> = {};
  for (const reason of excluded.values()) byReason[reason] = (byReason[reason] ?? 0) + 1;
  const days = new Map<string, { counted: number; excluded: number }>();
  for (const r of rows) {
    const day = days.get(beijingDay(r.receivedAt)) ?? { counted: 0, excluded: 0 };
    if (excluded.has(r.id)) day.excluded += 1;
    else day.counted += 1;
    days.set(beijingDay(r.receivedAt), day);
  }
  return {
    received: rows.length,
    counted: counted.length,
    excluded: byReason,
    weightingProblem,
    indicators: indicators.map((ind) => {
      const scores: number[] = [];
      const w: number[] = [];
      counted.forEach((r, i) => {
        const answers = Object.fromEntries(ind.survey.questions.map((q) => [q.id, r.answers[`${ind.code}:${q.id}`]]));
        const score = respondentScore(ind.survey, answers);
        if (score === null) return;
        scores.push(score);
        if (weights) w.push(weights[i]!);
      });
      const unweighted = estimateIndicator(ind.survey, scores);
      const questions = ind.survey.questions.map((q) => ({ id: q.id, ...answerDistribution(q, counted.map((r) => r.answers[`${ind.code}:${q.id}`])) }));
      return { code: ind.code, unweighted, estimate: weights ? estimateIndicator(ind.survey, scores, w) : unweighted, questions };
    }),
    daily: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => ({ day, ...c })),
    responsesSha256: createHash("sha256").update(responsesCsv(responsesTable(indicators, quotas, rows))).digest("hex"),
  };
}

export async function cityMargins(db: Db, campaignId: string, cityOrgId: string): Promise<SurveyMargins | null> {
  const [row] = await db.select({ margins: surveyMargin.margins }).from(surveyMargin).where(and(eq(surveyMargin.campaignId, campaignId), eq(surveyMargin.cityOrgId, cityOrgId)));
  return row?.margins ?? null;
}
