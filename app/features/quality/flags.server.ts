import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { queriesInTurn, rowsOf, type Db } from "../../../db/client";
import { campaign, campaignCity, evidence, frameworkMapping, indicatorValue, qualityFlagNote, submission, user, type SubmissionStatus } from "../../../db/schema";
import { frameworkIndicators, MIN_COHORT, plausibilityFlags, type CohortValues, type Framework, type PlausibilityFlag } from "../../../indicators";
import { loadFramework } from "../frameworks/index.server";
import { groupBy } from "../../platform/group-by";
import { campaignCohortStatistics } from "./cohort-statistics.server";
import { flagKey, type FlagNote, type QualityFlag } from "./flag";

/** Which cities to check, and whether to run the evidence cross-checks (assessors and the ministry only). */
export interface QualityScope {
  cityOrgIds?: readonly string[];
  evidenceChecks: boolean;
}

export interface CampaignQuality {
  framework: Framework;
  flags: QualityFlag[];
  /** The earlier campaign each city's history checks compared with (by city org id). */
  previousCampaign: Record<string, string>;
  /** Indicators whose cohort was too small to call anything an outlier. */
  smallCohort: string[];
}

const column = (n: number) => new Float64Array(n).fill(Number.NaN);

/** Up to this many cities, the history and shared-file checks ask the database for those cities only. */
const FEW_CITIES = 1000;

/** Those cities, as the SQL functions take them; null (every city) for many. */
const citiesArgument = (cityOrgIds: readonly string[] | null) =>
  cityOrgIds && cityOrgIds.length <= FEW_CITIES ? sql`array(select jsonb_array_elements_text(${JSON.stringify(cityOrgIds)}::jsonb))` : sql`null`;

/**
 * Each city's values in its previous campaign of the same framework, under this version's codes:
 * an earlier version's codes go through the confirmed mapping between the two versions (or stay as
 * they are when there is none: same framework, same codes).
 */
async function previousValues(db: Db, campaignId: string, ref: string, unitCodes: readonly string[], codes: readonly string[], onlyThese: boolean) {
  // A few cities' checks (one city's page, its report) ask for those cities only, as every city's is
  // a lookup per town; for many (an agency's queue) one pass over the campaign is cheaper.
  const cities = citiesArgument(onlyThese ? unitCodes : null);
  const rows = rowsOf<{ city_org_id: string; campaign_slug: string; framework_ref: string; indicator_code: string; value: number }>(
    await db.execute(sql`select city_org_id, campaign_slug, framework_ref, indicator_code, value from zhiping_previous_values(${campaignId}, ${cities})`),
  );
  const olderRefs = [...new Set(rows.map((r) => r.framework_ref).filter((r) => r !== ref))];
  const mappings = new Map(
    olderRefs.length
      ? (await db.select().from(frameworkMapping).where(and(eq(frameworkMapping.toRef, ref), inArray(frameworkMapping.fromRef, olderRefs)))).map((m) => [m.fromRef, m.mapping])
      : [],
  );
  const at = new Map(unitCodes.map((u, i) => [u, i]));
  const columns = Object.fromEntries(codes.map((c) => [c, column(unitCodes.length)]));
  const campaignOf: Record<string, string> = {};
  for (const r of rows) {
    const u = at.get(r.city_org_id);
    const mapping = mappings.get(r.framework_ref);
    const code = mapping && r.indicator_code in mapping ? mapping[r.indicator_code] : r.indicator_code;
    if (u === undefined || !code || !columns[code]) continue;
    columns[code]![u] = Number(r.value);
    campaignOf[r.city_org_id] = r.campaign_slug;
  }
  return { values: { unitCodes, columns } satisfies CohortValues, campaignOf };
}

/** Evidence a city's checks look at: mandatory items missing, files also attached by another city, late uploads, documents dated after the deadline. */
async function evidenceFlags(db: Db, campaignId: string, framework: Framework, subs: { id: string; cityOrgId: string; status: SubmissionStatus }[], deadline: Date, onlyThese: boolean) {
  const flags: QualityFlag[] = [];
  const items = subs.length
    ? await db
        .select({ id: evidence.id, submissionId: evidence.submissionId, code: evidence.indicatorCode, kind: evidence.kind, name: evidence.name, sha256: evidence.sha256, uploadedAt: evidence.uploadedAt, createdAt: evidence.documentCreatedAt })
        .from(evidence)
        .where(and(inArray(evidence.submissionId, subs.map((s) => s.id)), isNull(evidence.removedAt)))
    : [];
  const shared = rowsOf<{ city_org_id: string; sha256: string; other_city_org_id: string | null }>(await db.execute(sql`select city_org_id, sha256, other_city_org_id from zhiping_shared_evidence(${campaignId}, ${citiesArgument(onlyThese ? subs.map((s) => s.cityOrgId) : null)})`));
  const mandatory = frameworkIndicators(framework).filter((i) => i.evidence.some((e) => e.mandatory));
  // Grouped once: a campaign of every town has hundreds of thousands of items.
  const itemsOf = groupBy(items, (e) => e.submissionId);
  const sharedOf = groupBy(shared, (s) => s.city_org_id);
  for (const sub of subs) {
    const own = itemsOf.get(sub.id) ?? [];
    const unit = sub.cityOrgId;
    // A draft's missing evidence is the completeness rule's to report; once submitted it is the assessor's concern.
    const evidenced = new Set(own.map((e) => e.code));
    if (sub.status !== "draft")
      for (const ind of mandatory)
        if (!evidenced.has(ind.code)) flags.push(withKey({ unit, kind: "evidenceMissing", severity: "warning", indicators: [ind.code], detail: {} }));
    const others = new Map<string, (string | null)[]>();
    for (const s of sharedOf.get(unit) ?? []) others.set(s.sha256, [...(others.get(s.sha256) ?? []), s.other_city_org_id]);
    for (const [sha256, cities] of others) {
      const files = own.filter((e) => e.sha256 === sha256);
      if (!files.length) continue;
      flags.push({
        ...withKey({ unit, kind: "sharedEvidence", severity: "warning", indicators: [...new Set(files.map((f) => f.code))], detail: { cities: cities.length } }, sha256),
        evidence: { name: files[0]!.name, sha256, otherCityOrgIds: cities.filter((c): c is string => c !== null), hiddenOthers: cities.filter((c) => c === null).length },
      });
    }
    for (const e of own) {
      if (e.uploadedAt > deadline)
        flags.push({ ...withKey({ unit, kind: "lateEvidence", severity: "warning", indicators: [e.code], detail: {} }, e.id), evidence: { name: e.name, at: e.uploadedAt.toISOString(), deadline: deadline.toISOString() } });
      if (e.createdAt && e.createdAt > deadline)
        flags.push({ ...withKey({ unit, kind: "documentDate", severity: "warning", indicators: [e.code], detail: {} }, e.id), evidence: { name: e.name, at: e.createdAt.toISOString(), deadline: deadline.toISOString() } });
    }
  }
  return flags;
}

function withKey(flag: PlausibilityFlag | Omit<QualityFlag, "key" | "cityOrgId" | "note" | "status"> & { unit: string }, suffix?: string): QualityFlag {
  const { unit, ...rest } = flag as PlausibilityFlag & { unit: string };
  const base = { ...rest, cityOrgId: unit, note: null, status: "open" as const };
  return { ...base, key: flagKey(base, suffix) } as QualityFlag;
}

/**
 * Every plausibility flag of the campaign's cities that this database scope may see, each with
 * what the city and the assessor said about it. Computed from the data on every call: a corrected
 * value's flag is gone, a changed cohort moves the outlier fences.
 */
export async function campaignQuality(db: Db, campaignId: string, scope: QualityScope): Promise<CampaignQuality> {
  const [row] = await db.select({ ref: campaign.frameworkRef, deadline: campaign.submissionDeadline }).from(campaign).where(eq(campaign.id, campaignId));
  const framework = await loadFramework(db, row!.ref);
  const indicators = frameworkIndicators(framework);
  const codes = indicators.map((i) => i.code);
  // Some cities only (a page, a report, a queue): the SQL checks are asked for those.
  const onlyThese = scope.cityOrgIds !== undefined;
  // One city's checks read that city's row of the cohort, not 20,401.
  const cohort = (
    await db
      .select({ cityOrgId: campaignCity.cityOrgId })
      .from(campaignCity)
      .where(and(eq(campaignCity.campaignId, campaignId), scope.cityOrgIds ? inArray(campaignCity.cityOrgId, [...scope.cityOrgIds]) : undefined))
  ).map((c) => c.cityOrgId);
  const subs = cohort.length
    ? await db.select({ id: submission.id, cityOrgId: submission.cityOrgId, status: submission.status }).from(submission).where(and(eq(submission.campaignId, campaignId), inArray(submission.cityOrgId, cohort)))
    : [];
  const unitCodes = subs.map((s) => s.cityOrgId);
  const current = { unitCodes, columns: Object.fromEntries(codes.map((c) => [c, column(unitCodes.length)])) };
  const at = new Map(subs.map((s, u) => [s.id, u]));
  const values = subs.length
    ? await db.select({ submissionId: indicatorValue.submissionId, code: indicatorValue.indicatorCode, value: indicatorValue.value }).from(indicatorValue).where(inArray(indicatorValue.submissionId, subs.map((s) => s.id)))
    : [];
  for (const v of values) if (v.value !== null && current.columns[v.code]) current.columns[v.code]![at.get(v.submissionId)!] = v.value;
  // A rubric level or a yes/no is a judgement, not a measurement: only quantitative values are compared with the cohort and with last year.
  const measured = indicators.flatMap((i) => (i.kind === "quantitative" ? [i] : []));
  const [statistics, previous] = await queriesInTurn(
    db,
    () => campaignCohortStatistics(db, campaignId, measured.map((i) => i.code)),
    () => previousValues(db, campaignId, row!.ref, unitCodes, codes, onlyThese),
  );
  const flags = plausibilityFlags({
    rules: framework.rules ?? [],
    codes,
    indicators: measured.map((i) => ({ code: i.code, expectedRange: i.expectedRange, maxChange: i.plausibility?.maxChange, expectsChange: i.plausibility?.expectsChange })),
    current,
    cohortStatistics: statistics,
    previous: previous.values,
  }).map((f) => withKey(f));
  // Appended one by one: spreading 100,000 flags into push() overflows the call stack.
  if (scope.evidenceChecks) for (const flag of await evidenceFlags(db, campaignId, framework, subs, row!.deadline, onlyThese)) flags.push(flag);
  const notes = subs.length ? await flagNotes(db, subs.map((s) => s.id)) : new Map<string, FlagNote>();
  const subOf = new Map(subs.map((s) => [s.cityOrgId, s.id]));
  for (const flag of flags) {
    const note = notes.get(`${subOf.get(flag.cityOrgId)}\u0000${flag.key}`) ?? null;
    flag.note = note;
    flag.status = note?.resolution ? "resolved" : note?.explanation ? "explained" : "open";
  }
  const small = measured.filter((i) => statistics[i.code]!.n < MIN_COHORT).map((i) => i.code);
  return { framework, flags, previousCampaign: previous.campaignOf, smallCohort: small };
}

async function flagNotes(db: Db, submissionIds: string[]) {
  const explainer = sql<string | null>`(select name from ${user} where ${user.id} = ${qualityFlagNote.explainedBy})`;
  const resolver = sql<string | null>`(select name from ${user} where ${user.id} = ${qualityFlagNote.resolvedBy})`;
  const rows = await db
    .select({ note: qualityFlagNote, explainedByName: explainer, resolvedByName: resolver })
    .from(qualityFlagNote)
    .where(inArray(qualityFlagNote.submissionId, submissionIds));
  return new Map(
    rows.map(({ note: n, explainedByName, resolvedByName }) => [
      `${n.submissionId}\u0000${n.flagKey}`,
      {
        explanation: n.explanation,
        explainedBy: explainedByName,
        explainedAt: n.explainedAt?.toISOString() ?? null,
        resolution: n.resolution,
        resolutionNote: n.resolutionNote,
        resolvedBy: resolvedByName,
        resolvedAt: n.resolvedAt?.toISOString() ?? null,
      } satisfies FlagNote,
    ]),
  );
}
