import { randomUUID } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, indicatorValue, submission, survey, surveyEstimate, type SurveyQuota } from "../../../db/schema";
import { appendAudit } from "../audit/index.server";
import { loadFramework } from "../frameworks/index.server";
import { problem, ProblemError } from "../i18n";
import { defineJob } from "../../platform/jobs/job";
import { getDb } from "../../platform/db.server";
import { getLogger } from "../../platform/observability/logger.server";
import { cityMargins, cityResponses, estimateCity } from "./estimates.server";
import { surveyIndicators, surveyPhase } from "./survey.server";

/**
 * Sets when a campaign's survey takes answers (and what respondents are asked about themselves),
 * inside the campaign: it must close by the submission deadline, so its estimates can be reviewed.
 */
export async function scheduleSurvey(db: Db, campaignId: string, userId: string, input: { opensAt: Date; closesAt: Date; quotas?: SurveyQuota[] }) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(campaign).where(eq(campaign.id, campaignId)).for("update");
    if (!surveyIndicators(await loadFramework(tx, row!.frameworkRef)).length) throw new ProblemError(problem("p_surveyNoIndicators", { framework: row!.frameworkRef }), 409);
    if (row!.status === "closed") throw new ProblemError(problem("p_surveyCampaignClosed"), 409);
    if (!(input.opensAt < input.closesAt)) throw new ProblemError(problem("p_surveyCloseBeforeOpen"), 400, "closesAt");
    if (input.closesAt > row!.submissionDeadline) throw new ProblemError(problem("p_surveyClosesAfterDeadline", { deadline: { date: row!.submissionDeadline.toISOString() } }), 400, "closesAt");
    const [current] = await tx.select().from(survey).where(eq(survey.campaignId, campaignId));
    if (current?.frozenAt) throw new ProblemError(problem("p_surveyFrozen"), 409);
    const next = { opensAt: input.opensAt, closesAt: input.closesAt, quotas: input.quotas ?? current?.quotas ?? [], scheduledBy: userId };
    await tx.insert(survey).values({ campaignId, ...next }).onConflictDoUpdate({ target: survey.campaignId, set: next });
    await appendAudit(tx, campaignId, {
      actorUserId: userId,
      entity: "campaign",
      entityId: campaignId,
      action: "survey.scheduled",
      before: current ? { opensAt: current.opensAt.toISOString(), closesAt: current.closesAt.toISOString() } : null,
      after: { opensAt: next.opensAt.toISOString(), closesAt: next.closesAt.toISOString(), quotas: next.quotas.map((q) => q.id) },
    });
  });
}

export interface FreezeOutcome {
  cities: number;
  /** Cities whose submission was already signed off or withdrawn: their estimates are kept, their submission is not changed. */
  skipped: string[];
}

const fixed = (x: number | null) => (x === null ? "—" : x.toFixed(1));

/**
 * Closes the survey for the chosen cities (default: every city still open) and enters each one's estimates into its submission
 * as survey-sourced values, with n, interval and method in the narrative and the raw responses'
 * hash in the audit trail; the city cannot change them, the assessor reviews them like any value.
 * One transaction: either every city's estimates enter or none do.
 */
export async function freezeSurvey(db: Db, campaignId: string, userId: string, options: { cityOrgIds?: readonly string[]; now?: Date; atEndDate?: boolean } = {}): Promise<FreezeOutcome> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(campaign).where(eq(campaign.id, campaignId)).for("update");
    const [current] = await tx.select().from(survey).where(eq(survey.campaignId, campaignId));
    if (!current) throw new ProblemError(problem("p_surveyMissing"), 404);
    if (current.frozenAt) throw new ProblemError(problem("p_surveyFrozen"), 409);
    if (row!.status !== "open") throw new ProblemError(problem("p_surveyCampaignNotOpen"), 409);
    if (surveyPhase(current, now) === "scheduled") throw new ProblemError(problem("p_surveyNotStarted"), 409);
    const indicators = surveyIndicators(await loadFramework(tx, row!.frameworkRef));
    const cohort = await tx.select({ cityOrgId: campaignCity.cityOrgId }).from(campaignCity).where(eq(campaignCity.campaignId, campaignId));
    const frozenCities = new Set((await tx.selectDistinct({ cityOrgId: surveyEstimate.cityOrgId }).from(surveyEstimate).where(eq(surveyEstimate.campaignId, campaignId))).map((r) => r.cityOrgId));
    const chosen = cohort.map((c) => c.cityOrgId).filter((id) => !frozenCities.has(id) && (!options.cityOrgIds || options.cityOrgIds.includes(id)));
    if (!chosen.length) throw new ProblemError(problem("p_surveyFrozen"), 409);
    const skipped: string[] = [];
    for (const cityOrgId of chosen) {
      const estimates = estimateCity(indicators, current.quotas, await cityMargins(tx, campaignId, cityOrgId), await cityResponses(tx, campaignId, cityOrgId));
      for (const { code, estimate: e } of estimates.indicators)
        await tx.insert(surveyEstimate).values({
          campaignId,
          cityOrgId,
          indicatorCode: code,
          n: e.n,
          nEffective: e.nEffective,
          value: e.value,
          lower: e.lower,
          upper: e.upper,
          method: e.method,
          weighted: e.weighted,
          belowMinimum: e.belowMinimum,
          received: estimates.received,
          excluded: estimates.excluded,
          responsesSha256: estimates.responsesSha256,
          frozenAt: now,
        });
      let [sub] = await tx.select().from(submission).where(and(eq(submission.campaignId, campaignId), eq(submission.cityOrgId, cityOrgId))).for("update");
      if (!sub) [sub] = await tx.insert(submission).values({ id: randomUUID(), campaignId, cityOrgId }).returning();
      if (sub!.status === "signed_off" || sub!.status === "withdrawn") {
        skipped.push(cityOrgId);
        continue;
      }
      for (const { code, estimate: e } of estimates.indicators) {
        const ind = indicators.find((i) => i.code === code)!;
        const [stored] = await tx.select().from(indicatorValue).where(and(eq(indicatorValue.submissionId, sub!.id), eq(indicatorValue.indicatorCode, code)));
        const next = {
          value: e.value === null ? null : Math.round(e.value * 100) / 100,
          narrative: `市民体验调查：有效样本 ${e.n}${e.weighted ? `（按人口结构加权，有效样本量 ${e.nEffective.toFixed(0)}）` : ""}，95% 置信区间 ${fixed(e.lower)}–${fixed(e.upper)}（${e.method === "wilson" ? "Wilson 区间" : "t 区间"}）${e.belowMinimum ? `；低于最低样本量 ${ind.survey.minSample}` : ""}。`,
          dataSource: ind.dataSource.zh,
          origin: "survey" as const,
          qualityGrade: "measured" as const,
          version: (stored?.version ?? 0) + 1,
          updatedBy: userId,
          updatedAt: now,
        };
        await tx
          .insert(indicatorValue)
          .values({ submissionId: sub!.id, indicatorCode: code, ...next })
          .onConflictDoUpdate({ target: [indicatorValue.submissionId, indicatorValue.indicatorCode], set: next });
        await appendAudit(tx, campaignId, {
          actorUserId: userId,
          entity: "submission",
          entityId: sub!.id,
          action: "value.survey",
          before: stored ? { code, value: stored.value, version: stored.version } : { code },
          after: { code, value: next.value, n: e.n, lower: e.lower, upper: e.upper, method: e.method, weighted: e.weighted, belowMinimum: e.belowMinimum, responsesSha256: estimates.responsesSha256, version: next.version },
        });
      }
    }
    // The survey as a whole closes when its last city does.
    if (frozenCities.size + chosen.length >= cohort.length) await tx.update(survey).set({ frozenAt: now, closesAt: now < current.closesAt ? now : current.closesAt }).where(eq(survey.campaignId, campaignId));
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "survey.frozen", after: { cities: chosen.length, skipped: skipped.length, atEndDate: options.atEndDate ?? false } });
    return { cities: chosen.length, skipped };
  });
}

/**
 * Closes every survey whose end date has passed and that still has open cities, in the name of
 * whoever set its dates: what the scheduled job runs. A campaign that can no longer take values
 * (closed) is left to its ministry.
 */
export async function closeDueSurveys(db: Db, now = new Date()): Promise<{ campaignId: string; cities: number }[]> {
  const due = await db
    .select({ campaignId: survey.campaignId, scheduledBy: survey.scheduledBy })
    .from(survey)
    .innerJoin(campaign, eq(campaign.id, survey.campaignId))
    .where(and(isNull(survey.frozenAt), lte(survey.closesAt, now), eq(campaign.status, "open")));
  const closed: { campaignId: string; cities: number }[] = [];
  for (const d of due) {
    const outcome = await freezeSurvey(db, d.campaignId, d.scheduledBy, { now, atEndDate: true });
    closed.push({ campaignId: d.campaignId, cities: outcome.cities });
  }
  return closed;
}

export const closeDueSurveysJob = defineJob<Record<string, never>>({
  name: "survey.close-due",
  retryLimit: 3,
  retryDelaySeconds: 60,
  attemptTimeoutSeconds: 600,
  async run() {
    const closed = await closeDueSurveys(await getDb());
    if (closed.length) getLogger().info({ closed }, "surveys closed at their end date");
  },
});
