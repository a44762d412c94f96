import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { frameworkIndicators, isSurveySourced, type IndicatorNode } from "../../../indicators";
import { loadFramework } from "../frameworks/index.server";
import type { Db } from "../../../db/client";
import { campaign, indicatorValue, QUALITY_GRADES, submission, user, VALUE_ORIGINS, type QualityGrade, type SubmissionStatus, type ValueOrigin } from "../../../db/schema";
import { appendAudit, type Tx } from "../audit/index.server";
import { indicatorProblem, problem, type IndicatorProblem, type Problem } from "../i18n/index.server";
import { cityChangeRefusal } from "./workflow";
import { textTooLong } from "../../platform/text-limits";

export type SubmissionRow = typeof submission.$inferSelect;

/** The city's submission, or null if nobody has saved anything yet (reading never creates one). */
export async function findSubmission(db: Db, campaignId: string, cityOrgId: string): Promise<SubmissionRow | null> {
  const [row] = await db.select().from(submission).where(and(eq(submission.campaignId, campaignId), eq(submission.cityOrgId, cityOrgId)));
  return row ?? null;
}

export async function getOrCreateSubmission(db: Db, campaignId: string, cityOrgId: string): Promise<SubmissionRow> {
  const existing = await findSubmission(db, campaignId, cityOrgId);
  if (existing) return existing;
  await db.insert(submission).values({ id: randomUUID(), campaignId, cityOrgId }).onConflictDoNothing();
  return (await findSubmission(db, campaignId, cityOrgId))!;
}

/**
 * Locks the submission row (city changes, reviews and transitions of one submission take turns)
 * and says why the city may not change it now, or null.
 */
export async function lockForCityChange(tx: Tx, submissionId: string) {
  const [current] = await tx.select().from(submission).where(eq(submission.id, submissionId)).for("update");
  const [deadlines] = await tx.select({ submissionDeadline: campaign.submissionDeadline, reviewDeadline: campaign.reviewDeadline }).from(campaign).where(eq(campaign.id, current!.campaignId));
  return { current: current!, refusal: cityChangeRefusal(current!.status, deadlines!, new Date()) };
}

export async function campaignFramework(db: Db, campaignId: string) {
  const [row] = await db
    .select({ frameworkRef: campaign.frameworkRef, method: campaign.method, submissionDeadline: campaign.submissionDeadline, reviewDeadline: campaign.reviewDeadline })
    .from(campaign)
    .where(eq(campaign.id, campaignId));
  return { framework: await loadFramework(db, row!.frameworkRef), method: row!.method, deadlines: { submissionDeadline: row!.submissionDeadline, reviewDeadline: row!.reviewDeadline } };
}

/* ---------------------------------------------------------------- values */

export interface ValueChange {
  code: string;
  value: number | null;
  narrative?: string;
  dataSource?: string;
  /** The data-quality declaration (U4SSC): where the figure comes from and how it was obtained; undefined keeps what is stored, null clears it. */
  origin?: ValueOrigin | null;
  qualityGrade?: QualityGrade | null;
  /** The version the editor started from (0 for a value never saved). */
  baseVersion: number;
}

const isOrigin = (x: unknown): x is ValueOrigin => (VALUE_ORIGINS as readonly unknown[]).includes(x);
const isGrade = (x: unknown): x is QualityGrade => (QUALITY_GRADES as readonly unknown[]).includes(x);

export interface ValueConflict {
  code: string;
  yours: { value: number | null; narrative: string };
  theirs: { value: number | null; narrative: string; by: string; at: string; version: number };
}

export type SaveOutcome =
  | { ok: true; saved: string[]; versions: Record<string, number>; warnings: IndicatorProblem[] }
  | { ok: false; kind: "invalid"; errors: IndicatorProblem[] }
  | { ok: false; kind: "conflict"; conflicts: ValueConflict[] }
  | { ok: false; kind: "locked"; status: SubmissionStatus; deadline: string | null; problem: Problem };

/** Why a value cannot be stored for this indicator, or null. */
export function invalidValue(ind: IndicatorNode, value: number | null): Problem | null {
  if (value === null) return null;
  if (!Number.isFinite(value)) return problem("p_expectedNumber");
  if (ind.kind === "rubric" && !ind.levels.some((l) => l.level === value)) return problem("p_expectedRubricLevel", { levels: ind.levels.map((l) => l.level).join(", ") });
  if (ind.kind === "binary" && value !== 0 && value !== 1) return problem("p_expectedBinary");
  return implausibleMagnitude(ind, value);
}

/** How many widths of the expected range a value may stray beyond it before it is a typo rather than an outlier. */
const PLAUSIBLE_RANGE_WIDTHS = 10;
/** Without an expected range: beyond this no indicator of a city is plausible, and doubles stop being exact. */
const PLAUSIBLE_MAGNITUDE = 1e12;

/**
 * A value far outside anything the indicator can take (1e308 for a percentage) is refused with the
 * range expected; one merely outside the expected range is saved with a warning (see outOfRange).
 */
function implausibleMagnitude(ind: IndicatorNode, value: number): Problem | null {
  if (ind.kind !== "quantitative") return null;
  if (!ind.expectedRange) return Math.abs(value) > PLAUSIBLE_MAGNITUDE ? problem("p_implausibleMagnitude", { max: PLAUSIBLE_MAGNITUDE.toExponential() }) : null;
  const [lo, hi] = ind.expectedRange;
  const width = Math.max(hi - lo, Math.abs(lo), Math.abs(hi), 1);
  const within = value >= lo - PLAUSIBLE_RANGE_WIDTHS * width && value <= hi + PLAUSIBLE_RANGE_WIDTHS * width;
  return within ? null : problem("p_implausibleForRange", { lo, hi, unit: { local: ind.unit } });
}

function outOfRange(ind: IndicatorNode, value: number | null): Problem | null {
  if (value === null || ind.kind !== "quantitative" || !ind.expectedRange) return null;
  const [lo, hi] = ind.expectedRange;
  return value < lo || value > hi ? problem("p_outOfRange", { lo, hi, unit: { local: ind.unit } }) : null;
}

/**
 * Saves a city's edits all-or-nothing: any invalid value or any edit based on a stale version
 * rejects the whole save and reports it; every accepted change is recorded in the audit trail.
 */
export async function saveValues(db: Db, sub: SubmissionRow, userId: string, changes: ValueChange[]): Promise<SaveOutcome> {
  const { framework } = await campaignFramework(db, sub.campaignId);
  const indicators = new Map(frameworkIndicators(framework).map((i) => [i.code, i]));
  const errors = changes.flatMap((c) => {
    const ind = indicators.get(c.code);
    const p = !ind
      ? problem("p_notAnIndicator", { code: c.code, framework: `${framework.id}@${framework.version}` })
      : isSurveySourced(ind)
        ? problem("p_surveySourced")
        : (invalidValue(ind, c.value) ??
        textTooLong("narrative", c.narrative, "narrative") ??
        textTooLong("dataSource", c.dataSource, "dataSourceLabel") ??
        (c.origin != null && !isOrigin(c.origin) ? problem("p_unknownOrigin", { got: String(c.origin) }) : null) ??
        (c.qualityGrade != null && !isGrade(c.qualityGrade) ? problem("p_unknownQualityGrade", { got: String(c.qualityGrade) }) : null));
    return p ? [indicatorProblem(c.code, p)] : [];
  });
  if (errors.length) return { ok: false, kind: "invalid", errors };

  return db.transaction(async (tx) => {
    const { refusal } = await lockForCityChange(tx, sub.id);
    if (refusal) return { ok: false as const, kind: "locked" as const, ...refusal };
    const codes = changes.map((c) => c.code);
    const rows = codes.length
      ? await tx
          .select({ row: indicatorValue, by: user.name })
          .from(indicatorValue)
          .innerJoin(user, eq(user.id, indicatorValue.updatedBy))
          .where(and(eq(indicatorValue.submissionId, sub.id), inArray(indicatorValue.indicatorCode, codes)))
      : [];
    const stored = new Map(rows.map((r) => [r.row.indicatorCode, r]));
    const conflicts: ValueConflict[] = [];
    const sameContent = (s: typeof indicatorValue.$inferSelect, c: ValueChange) =>
      s.value === c.value &&
      s.narrative === (c.narrative ?? s.narrative) &&
      s.dataSource === (c.dataSource ?? s.dataSource) &&
      s.origin === (c.origin === undefined ? s.origin : c.origin) &&
      s.qualityGrade === (c.qualityGrade === undefined ? s.qualityGrade : c.qualityGrade);
    for (const c of changes) {
      const s = stored.get(c.code);
      // A stale edit that stores exactly what is there already (a retried autosave, or two people
      // typing the same) overwrites nothing, so it is not a conflict.
      if ((s?.row.version ?? 0) !== c.baseVersion && !(s && sameContent(s.row, c)))
        conflicts.push({
          code: c.code,
          yours: { value: c.value, narrative: c.narrative ?? "" },
          theirs: { value: s!.row.value, narrative: s!.row.narrative, by: s!.by, at: s!.row.updatedAt.toISOString(), version: s!.row.version },
        });
    }
    if (conflicts.length) return { ok: false as const, kind: "conflict" as const, conflicts };
    const saved: string[] = [];
    const versions: Record<string, number> = {};
    for (const c of changes) {
      const s = stored.get(c.code)?.row;
      const next = {
        value: c.value,
        narrative: c.narrative ?? s?.narrative ?? "",
        dataSource: c.dataSource ?? s?.dataSource ?? "",
        origin: c.origin === undefined ? (s?.origin ?? null) : c.origin,
        qualityGrade: c.qualityGrade === undefined ? (s?.qualityGrade ?? null) : c.qualityGrade,
      };
      if (s && sameContent(s, c)) {
        versions[c.code] = s.version;
        continue;
      }
      await tx
        .insert(indicatorValue)
        .values({ submissionId: sub.id, indicatorCode: c.code, ...next, version: c.baseVersion + 1, updatedBy: userId, updatedAt: new Date() })
        .onConflictDoUpdate({ target: [indicatorValue.submissionId, indicatorValue.indicatorCode], set: { ...next, version: c.baseVersion + 1, updatedBy: userId, updatedAt: new Date() } });
      await appendAudit(tx, sub.campaignId, {
        actorUserId: userId,
        entity: "submission",
        entityId: sub.id,
        action: "value.saved",
        before: s ? { code: c.code, value: s.value, narrative: s.narrative, dataSource: s.dataSource, origin: s.origin, qualityGrade: s.qualityGrade, version: s.version } : { code: c.code },
        after: { code: c.code, ...next, version: c.baseVersion + 1 },
      });
      saved.push(c.code);
      versions[c.code] = c.baseVersion + 1;
    }
    const warnings = changes.flatMap((c) => {
      const p = outOfRange(indicators.get(c.code)!, c.value);
      return p ? [indicatorProblem(c.code, p)] : [];
    });
    return { ok: true as const, saved, versions, warnings };
  });
}

/** What the city has saved, by indicator code (empty before the first save). */
export async function currentValues(db: Db, submissionId: string | null) {
  if (!submissionId) return {};
  const rows = await db.select().from(indicatorValue).where(eq(indicatorValue.submissionId, submissionId));
  return Object.fromEntries(rows.map((r) => [r.indicatorCode, { value: r.value, narrative: r.narrative, dataSource: r.dataSource, origin: r.origin, qualityGrade: r.qualityGrade, version: r.version }]));
}
