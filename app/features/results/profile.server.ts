import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaignResources, decide, type Actor, type LoadedCampaign } from "../access/index.server";
import { campaign, evidence as evidenceTable, evidenceVerdict, indicatorValue, result, submission } from "../../../db/schema";
import { diffFrameworks, frameworkIndicators } from "../../../indicators";
import { findMapping, loadFramework } from "../frameworks/index.server";
import { campaignStanding, CONCERN_KEYS, concernColumns, concernsAt, contributionAt, dimensionStanding, rankAt, scoreAt } from "./standing.server";

/**
 * Of the indicators whose framework requires evidence: how many have some (files or links still
 * attached), and how many have at least one piece an assessor judged sufficient.
 */
async function evidenceCoverage(db: Db, submissionId: string | null, indicators: ReturnType<typeof frameworkIndicators>) {
  const required = new Set(indicators.filter((i) => i.evidence.some((e) => e.mandatory)).map((i) => i.code));
  const rows = submissionId
    ? await db
        .select({ code: evidenceTable.indicatorCode, verdict: evidenceVerdict.verdict })
        .from(evidenceTable)
        .leftJoin(evidenceVerdict, eq(evidenceVerdict.evidenceId, evidenceTable.id))
        .where(and(eq(evidenceTable.submissionId, submissionId), isNull(evidenceTable.removedAt)))
    : [];
  const withEvidence = new Set(rows.filter((r) => required.has(r.code)).map((r) => r.code));
  const sufficient = new Set(rows.filter((r) => required.has(r.code) && r.verdict === "sufficient").map((r) => r.code));
  return { mandatory: required.size, evidenced: withEvidence.size, sufficient: sufficient.size };
}

/** Everything the city profile shows; scores only once the city is signed off. */
export async function cityProfile(db: Db, actor: Actor, resource: LoadedCampaign, cityOrgId: string) {
  const campaignRow = resource.row;
  const showRanks = decide(actor, "read:city-rank", { type: "city-data", campaign: resource, cityOrgId }).allowed;
  const hidden = (rank: number | null) => (showRanks ? rank : null);
  const framework = await loadFramework(db, campaignRow.frameworkRef);
  const indicators = frameworkIndicators(framework);
  const [sub] = await db.select().from(submission).where(and(eq(submission.campaignId, campaignRow.id), eq(submission.cityOrgId, cityOrgId)));
  const values = sub ? await db.select({ code: indicatorValue.indicatorCode, value: indicatorValue.value }).from(indicatorValue).where(eq(indicatorValue.submissionId, sub.id)) : [];
  const evidence = { filled: values.filter((v) => v.value !== null).length, total: indicators.length, ...(await evidenceCoverage(db, sub?.id ?? null, indicators)) };
  const standing = await campaignStanding(db, campaignRow.id);
  const u = standing ? standing.scored.unitCodes.indexOf(cityOrgId) : -1;
  const history = await earlierResults(db, actor, campaignRow, cityOrgId);
  if (!standing || u < 0) return { status: sub?.status ?? "draft", scored: null, evidence, history };
  const { scored } = standing;
  const concerns = concernsAt(concernColumns(framework, scored), u);
  const lines = indicators.map((i) => ({
    code: i.code,
    name: i.name,
    score: scoreAt(scored, i.code, u),
    contribution: contributionAt(scored, i.code, u),
  }));
  const byContribution = lines.filter((l) => l.contribution !== null && l.score !== null).sort((a, b) => b.contribution! - a.contribution! || a.code.localeCompare(b.code));
  return {
    status: sub?.status ?? "draft",
    scored: {
      score: scoreAt(scored, "Index", u),
      rank: hidden(rankAt(scored, "Index", u)),
      of: scored.unitCodes.length,
      coverage: scored.coverage.Index![u]!,
      concerns: CONCERN_KEYS.map((k) => ({ key: k, score: concerns.scores[k], rank: hidden(concerns.ranks[k]) })),
      dimensions: dimensionStanding(standing, u).map((d) => ({ ...d, rank: hidden(d.rank) })),
      indicators: lines,
      strengths: byContribution.slice(0, 5),
      weaknesses: byContribution.slice(-5).reverse(),
    },
    evidence,
    history,
  };
}

/**
 * The city's overall score in earlier campaigns of the same framework (any version), oldest
 * first, with what changed between framework versions when they differ.
 */
async function earlierResults(db: Db, actor: Actor, current: typeof campaign.$inferSelect, cityOrgId: string) {
  const frameworkId = current.frameworkRef.split("@")[0]!;
  const earlier = await db
    .select({ campaign })
    .from(result)
    .innerJoin(campaign, eq(campaign.id, result.campaignId))
    .where(and(eq(result.cityOrgId, cityOrgId), lt(campaign.year, current.year)))
    .orderBy(campaign.year);
  const sameFramework = earlier.map((e) => e.campaign).filter((c) => c.frameworkRef.startsWith(`${frameworkId}@`));
  // Another ministry may hold the city in a campaign of its own: its results are that ministry's.
  const resources = await campaignResources(db, sameFramework);
  const rows = [];
  for (const c of sameFramework) {
    const target = { type: "city-data" as const, campaign: resources.get(c.id)!, cityOrgId };
    if (!decide(actor, "read:city-profile", target).allowed) continue;
    const standing = await campaignStanding(db, c.id);
    const u = standing?.scored.unitCodes.indexOf(cityOrgId) ?? -1;
    if (!standing || u < 0) continue;
    // Between versions, indicators are matched through the mapping the framework's owner confirmed (codes that carry on under another code).
    const diff = c.frameworkRef === current.frameworkRef ? null : diffFrameworks(await loadFramework(db, c.frameworkRef), await loadFramework(db, current.frameworkRef), (await findMapping(db, c.frameworkRef, current.frameworkRef)) ?? {});
    rows.push({
      slug: c.slug,
      year: c.year,
      frameworkRef: c.frameworkRef,
      score: scoreAt(standing.scored, "Index", u),
      rank: decide(actor, "read:city-rank", target).allowed ? rankAt(standing.scored, "Index", u) : null,
      of: standing.scored.unitCodes.length,
      mapping: diff && { added: diff.added.length, removed: diff.removed.length, reweighted: diff.reweighted.length, recoded: diff.recoded.length },
    });
  }
  return rows;
}
