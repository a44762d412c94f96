import { and, asc, eq, like, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { queriesInTurn, type Db } from "../../../db/client";
import { auditEvent, campaign, campaignCity, indicatorValue, organization, orgProfile, result, reviewValue, submission, user } from "../../../db/schema";
import { flattenFramework, frameworkIndicators, type AuditOutcome } from "../../../indicators";
import { reportId, verificationPath, COHORT_CODE } from "../../../reports/report-id";
import type { CityReportData, CohortReportData, EvidenceStatus, ReportLocale, ReportMethod, ReportUncertainty } from "../../../reports/types";
import { publicUrl } from "../../platform/env.server";
import { listEvidence, type EvidenceItem } from "../evidence/index.server";
import { cohortCities, storedAudit } from "../results/index.server";
import { campaignStanding, CONCERN_KEYS, concernColumns, concernsAt, contributionAt, dimensionStanding, nominalShares, rankAt, scoreAt, type Standing } from "../results/index.server";
import { problem, ProblemError, termKey, translate, type Problem } from "../i18n/index.server";
import { recordedActorName } from "../audit/index.server";
import { reportIdKey } from "./report-key.server";
import { cityReportQuality, cohortReportQuality } from "../quality/index.server";
import { citySurveyReport, cohortSurveyReport } from "../survey/index.server";

/** Why a report cannot be made: unknown campaign or city, or nothing signed off yet. */
/** A report that cannot be built yet (nothing signed off, not in the cohort): a refusal, said in the reader's language. */
export class ReportUnavailableError extends ProblemError {
  constructor(p: Problem) {
    super(p, 409);
    this.name = "ReportUnavailableError";
  }
}

async function campaignContext(db: Db, campaignId: string) {
  const ministry = alias(organization, "ministry");
  const [row] = await db
    .select({ campaign, ministryName: ministry.name })
    .from(campaign)
    .innerJoin(ministry, eq(ministry.id, campaign.ministryOrgId))
    .where(eq(campaign.id, campaignId));
  if (!row) throw new ReportUnavailableError(problem("p_reportNoCampaign", { slug: campaignId }));
  const standing = await campaignStanding(db, campaignId);
  if (!standing) throw new ReportUnavailableError(problem("p_reportNothingSignedOff"));
  return {
    row: row.campaign,
    standing,
    campaign: { slug: row.campaign.slug, name: { zh: row.campaign.nameZh, en: row.campaign.nameEn }, year: row.campaign.year, ministry: { zh: row.ministryName } },
  };
}

function describeMethod(standing: Standing): ReportMethod {
  const { framework, scored } = standing;
  const shares = nominalShares(framework);
  const n = scored.options.normalise;
  const normalisation =
    n.method === "minmax" ? `min-max → [${(n.range ?? [0, 100]).join(", ")}]` : n.method === "zscore" ? `z-score (${(n.meanSd ?? [0, 1]).join(", ")})` : n.method;
  return {
    frameworkRef: `${framework.id}@${framework.version}`,
    frameworkName: framework.name,
    engineVersion: scored.engineVersion,
    normalisation: `${normalisation}; rubric / yes-no: goalposts 0–100`,
    aggregation: [...new Set(scored.options.aggregate)].map((m) => `${m} mean`).join(", "),
    dataThreshold: scored.options.dataThreshold[0] ?? 0,
    imputation: scored.options.impute,
    weights: framework.dimensions.map((d) => ({ code: d.code, name: d.name, weight: d.weight, share: shares.get(d.code)! })),
  };
}


async function verification(db: Db, slug: string, cityCode: string, locale: ReportLocale, resultHash: string) {
  const id = reportId({ campaignSlug: slug, cityCode, locale, resultHash }, await reportIdKey(db));
  return { reportId: id, resultHash, url: `${publicUrl()}${verificationPath(id, resultHash)}` };
}

/**
 * One indicator's evidence as the report states it, from the primary assessor's verdicts: sufficient
 * when any piece was judged sufficient, insufficient when every piece was judged and none was.
 */
export function evidenceStatus(mandatory: boolean, items: Pick<EvidenceItem, "verdict">[]): EvidenceStatus {
  if (!items.length) return mandatory ? "missing" : "not-required";
  if (items.some((e) => e.verdict?.verdict === "sufficient")) return "sufficient";
  return items.every((e) => e.verdict) ? "insufficient" : "not-assessed";
}

/** Everything a city's audit report shows, from the campaign's current standing. */
/** `ranks: false` is the edition for a reader who may not see ranks yet (the ranking is unpublished): every rank shows as "—". */
export async function cityReportData(db: Db, campaignId: string, cityOrgId: string, locale: ReportLocale, { ranks = true } = {}): Promise<CityReportData> {
  const shown = (rank: number | null) => (ranks ? rank : null);
  const { row, standing, campaign: campaignInfo } = await campaignContext(db, campaignId);
  const { framework, scored } = standing;
  const u = scored.unitCodes.indexOf(cityOrgId);
  const agency = alias(organization, "agency");
  const second = alias(organization, "second_agency");
  const [city] = await db
    .select({ name: organization.name, nameEn: orgProfile.nameEn, code: orgProfile.divisionCode, province: orgProfile.province, agencyId: agency.id, agency: agency.name, second: second.name })
    .from(campaignCity)
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .innerJoin(agency, eq(agency.id, campaignCity.agencyOrgId))
    .leftJoin(second, eq(second.id, campaignCity.secondAgencyOrgId))
    .where(and(eq(campaignCity.campaignId, campaignId), eq(campaignCity.cityOrgId, cityOrgId)));
  if (!city) throw new ReportUnavailableError(problem("p_reportCityNotInCampaign", { slug: row.slug }));
  const [frozen] = await db
    .select({ result, signer: user.name })
    .from(result)
    .innerJoin(user, eq(user.id, result.signedOffBy))
    .where(and(eq(result.campaignId, campaignId), eq(result.cityOrgId, cityOrgId)));
  if (!frozen || u < 0) throw new ReportUnavailableError(problem("p_reportNotSignedOff", { city: city.name, code: city.code ?? "", slug: row.slug }));

  const subId = frozen.result.submissionId;
  const [submitted, reviews, history, reviewers, evidenceItems] = await queriesInTurn(
    db,
    () => db.select().from(indicatorValue).where(eq(indicatorValue.submissionId, subId)),
    () => db
      .select({ review: reviewValue, by: user.name })
      .from(reviewValue)
      .innerJoin(user, eq(user.id, reviewValue.reviewedBy))
      .innerJoin(submission, eq(submission.id, reviewValue.submissionId))
      .innerJoin(campaignCity, and(eq(campaignCity.campaignId, submission.campaignId), eq(campaignCity.cityOrgId, submission.cityOrgId)))
      .where(and(eq(reviewValue.submissionId, subId), eq(reviewValue.agencyOrgId, campaignCity.agencyOrgId)))
      .orderBy(asc(reviewValue.indicatorCode)),
    () => db
      .select({ at: auditEvent.at, action: auditEvent.action, reason: auditEvent.reason, actor: recordedActorName })
      .from(auditEvent)
      .leftJoin(user, eq(user.id, auditEvent.actorUserId))
      .where(and(eq(auditEvent.entity, "submission"), eq(auditEvent.entityId, subId), or(like(auditEvent.action, "status.%"), eq(auditEvent.action, "result.frozen"))))
      .orderBy(asc(auditEvent.seq)),
    // Who made each of the primary agency's review decisions, named as when they made it.
    () => db
      .select({ code: sql<string>`${auditEvent.after} ->> 'code'`, actor: recordedActorName })
      .from(auditEvent)
      .leftJoin(user, eq(user.id, auditEvent.actorUserId))
      .where(and(eq(auditEvent.entity, "submission"), eq(auditEvent.entityId, subId), like(auditEvent.action, "review.%"), sql`${auditEvent.after} ->> 'agency' = ${city.agencyId}`))
      .orderBy(asc(auditEvent.seq)),
    () => listEvidence(db, subId, city.agencyId),
  );
  const submittedBy = new Map(submitted.map((v) => [v.indicatorCode, v.value]));
  const reviewerOf = new Map(reviewers.map((r) => [r.code, r.actor]));
  const reviewerName = (r: (typeof reviews)[number]) => reviewerOf.get(r.review.indicatorCode) ?? r.by;
  const signer = history.findLast((h) => h.action === "result.frozen")?.actor ?? frozen.signer;
  const reviewBy = new Map(reviews.map((r) => [r.review.indicatorCode, r]));
  const shares = nominalShares(framework);
  const indicators = frameworkIndicators(framework);
  const parentOf = new Map(flattenFramework(framework).map((f) => [f.node.code, f.parent]));
  const dimensionOf = (code: string): string => {
    let at = code;
    while (parentOf.get(at)) at = parentOf.get(at)!;
    return at;
  };
  const concerns = concernsAt(concernColumns(framework, scored), u);
  const frozenInputs = standing.cohort.find((c) => c.code === cityOrgId)!.values;

  return {
    locale,
    issuedAt: standing.latest.signedOffAt.toISOString(),
    campaign: campaignInfo,
    city: { name: { zh: city.name, en: city.nameEn }, code: city.code ?? "", province: city.province },
    agency: { zh: city.agency },
    secondAgency: city.second ? { zh: city.second } : null,
    overall: { score: scoreAt(scored, "Index", u), rank: shown(rankAt(scored, "Index", u)), of: scored.unitCodes.length },
    concerns: CONCERN_KEYS.map((key) => ({ key, score: concerns.scores[key], rank: shown(concerns.ranks[key]) })),
    dimensions: dimensionStanding(standing, u).map(({ median, rank, ...d }) => ({ ...d, rank: shown(rank), cohortMedian: median })),
    indicators: indicators.map((ind) => {
      const review = reviewBy.get(ind.code);
      const score = scoreAt(scored, ind.code, u);
      return {
        code: ind.code,
        dimension: dimensionOf(ind.code),
        name: ind.name,
        unit: ind.unit,
        submitted: submittedBy.get(ind.code) ?? null,
        reviewed: frozenInputs[ind.code] ?? null,
        decision: review?.review.decision ?? null,
        score,
        weight: shares.get(ind.code) ?? null,
        contribution: contributionAt(scored, ind.code, u),
        evidence: evidenceStatus(ind.evidence.some((e) => e.mandatory), evidenceItems.filter((e) => e.indicatorCode === ind.code)),
      };
    }),
    findings: reviews
      .filter((r) => r.review.decision !== "accepted")
      .map((r) => ({
        indicator: r.review.indicatorCode,
        indicatorName: indicators.find((i) => i.code === r.review.indicatorCode)?.name ?? { zh: r.review.indicatorCode },
        kind: r.review.decision === "adjusted" ? ("adjusted" as const) : ("returned" as const),
        reason: r.review.reason,
        by: reviewerName(r),
      })),
    history: history.map((h) => ({ at: h.at, action: h.action, actor: h.actor ?? "", reason: h.reason })),
    signOff: { lead: signer, at: frozen.result.signedOffAt.toISOString(), assessors: [...new Set(reviews.map(reviewerName))].sort() },
    method: describeMethod(standing),
    verification: await verification(db, row.slug, city.code ?? "", locale, standing.latest.hash),
    quality: await cityReportQuality(db, campaignId, cityOrgId, locale),
    survey: await citySurveyReport(db, campaignId, cityOrgId, standing.framework),
    ...(await reportUncertainty(db, campaignId, locale, (audit) => {
      const range = ranks ? audit.rankIntervals.find((r) => r.unit === cityOrgId) : undefined;
      return { range: range && range.nominal ? { rank: range.nominal, q5: range.q5, q95: range.q95, median: range.median } : null };
    })),
  };
}

/** The ministry's cohort report: every signed-off city ranked, the others listed as pending. */
export async function cohortReportData(db: Db, campaignId: string, locale: ReportLocale): Promise<CohortReportData> {
  const { row, standing, campaign: campaignInfo } = await campaignContext(db, campaignId);
  const { framework, scored } = standing;
  const cities = await cohortCities(db, campaignId);
  const concerns = concernColumns(framework, scored);
  const unitOf = new Map(scored.unitCodes.map((code, u) => [code, u]));
  return {
    locale,
    issuedAt: standing.latest.signedOffAt.toISOString(),
    campaign: campaignInfo,
    dimensions: framework.dimensions.map((d) => ({ code: d.code, name: d.name })),
    cities: cities.flatMap((c) => {
      const u = unitOf.get(c.id);
      if (u === undefined) return [];
      return [
        {
          code: c.code ?? "",
          name: { zh: c.name, en: c.nameEn },
          province: c.province,
          score: scoreAt(scored, "Index", u),
          rank: rankAt(scored, "Index", u),
          dimensions: Object.fromEntries(framework.dimensions.map((d) => [d.code, scoreAt(scored, d.code, u)])),
          concerns: concernsAt(concerns, u).scores,
          coverage: scored.coverage.Index![u]!,
        },
      ];
    }),
    pending: cities.filter((c) => !unitOf.has(c.id)).map((c) => ({ code: c.code ?? "", name: { zh: c.name, en: c.nameEn }, status: c.status ?? "draft" })),
    method: describeMethod(standing),
    verification: await verification(db, row.slug, COHORT_CODE, locale, standing.latest.hash),
    quality: await cohortReportQuality(db, campaignId, locale),
    survey: await cohortSurveyReport(db, campaignId, framework),
    ...(await reportUncertainty(db, campaignId, locale, (audit) => ({
      ranges: cities.flatMap((c) => {
        const r = audit.rankIntervals.find((i) => i.unit === c.id);
        return r && r.nominal ? [{ code: c.code ?? "", name: { zh: c.name, en: c.nameEn }, rank: r.nominal, q5: r.q5, q95: r.q95, median: r.median }] : [];
      }),
    }))),
  };
}

/** Signed-off cities of a campaign (division codes), for batches. */
export async function signedOffCityCodes(db: Db, campaignId: string): Promise<{ cityOrgId: string; code: string }[]> {
  const rows = await db
    .select({ cityOrgId: result.cityOrgId, code: orgProfile.divisionCode })
    .from(result)
    .innerJoin(orgProfile, eq(orgProfile.organizationId, result.cityOrgId))
    .where(eq(result.campaignId, campaignId))
    .orderBy(orgProfile.divisionCode);
  return rows.map((r) => ({ cityOrgId: r.cityOrgId, code: r.code ?? "" }));
}


/**
 * The report's uncertainty section, when the methodology audit of this result is done (a report
 * built before then has none: the audit is read, never started, so building a report stays quick).
 */
async function reportUncertainty<T>(db: Db, campaignId: string, locale: ReportLocale, ranges: (audit: AuditOutcome) => T): Promise<{ uncertainty?: ReportUncertainty & T }> {
  const audit = await storedAudit(db, campaignId);
  if (audit.state !== "done") return {};
  const lang = locale === "zh" ? "zh-CN" : "en";
  const { space } = audit;
  const join = (items: string[]) => items.join(lang === "en" ? ", " : "、");
  const lines = [
    space.noiseFactor > 0 ? translate(lang, "auditSpaceNoise", { factor: Math.round(space.noiseFactor * 100) }) : null,
    space.aggregates.length ? translate(lang, "auditSpaceAggregates", { methods: join(space.aggregates.map((m) => translate(lang, termKey("aggregate", m)))) }) : null,
    space.normalisations.length ? translate(lang, "auditSpaceNormalisations", { methods: join(space.normalisations.map((m) => translate(lang, termKey("normalise", m)))) }) : null,
    space.imputation ? translate(lang, "auditSpaceImputation") : null,
    space.treatment ? translate(lang, "auditSpaceTreatment") : null,
  ].filter((l): l is string => l !== null);
  return {
    uncertainty: {
      samples: audit.audit.samples,
      space: lines,
      sensitivity: audit.audit.sensitivity.map((s) => ({ input: translate(lang, termKey("input", s.variable)), si: s.si, sti: s.sti })),
      ...ranges(audit.audit),
    },
  };
}
