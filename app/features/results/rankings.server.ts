import { eq, sql } from "drizzle-orm";
import { queriesInTurn, rowsOf, type Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, type SubmissionStatus } from "../../../db/schema";
import { appendAudit } from "../audit/index.server";
import { campaignStanding, CONCERN_KEYS, concernColumns, concernsAt, rankAt, scoreAt } from "./standing.server";
import { applyRankingQuery, viewScore, type ConcernKey, type RankingQuery, type RankingRow } from "./ranking-query";

/**
 * The campaign's cohort, by division code: who each city is and where its submission stands. The
 * statuses come through zhiping_cohort_statuses, which any reader of the campaign may call: under
 * row-level security a city sees no other city's submission, but the ranking lists who is pending.
 */
export async function cohortCities(db: Db, campaignId: string) {
  const [cities, statuses] = await queriesInTurn(
    db,
    () => db
      .select({
        id: organization.id,
        name: organization.name,
        nameEn: orgProfile.nameEn,
        code: orgProfile.divisionCode,
        province: orgProfile.province,
        region: orgProfile.region,
        tier: orgProfile.tier,
        population: orgProfile.population,
      })
      .from(campaignCity)
      .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
      .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
      .where(eq(campaignCity.campaignId, campaignId))
      .orderBy(orgProfile.divisionCode),
    () => db.execute(sql`select city_org_id, status from zhiping_cohort_statuses(${campaignId})`),
  );
  const statusOf = new Map(rowsOf<{ city_org_id: string; status: SubmissionStatus }>(statuses).map((s) => [s.city_org_id, s.status]));
  return cities.map((c) => ({ ...c, status: statusOf.get(c.id) ?? null }));
}

/**
 * Every city of the campaign's cohort with its standing: scores and ranks for signed-off cities
 * (scored together, see campaignStanding), status only for the others, which are never ranked.
 * The rows are kept per process under the cohort's fingerprint (see zhiping_cohort_fingerprint)
 * and the standing's result: a request reads one short value instead of every town, and the same
 * rows serve every reader until a city joins, leaves or moves, or a sign-off freezes a new standing.
 */
export async function campaignRanking(db: Db, campaignId: string) {
  const [fingerprint] = rowsOf<{ f: string | null }>(await db.execute(sql`select zhiping_cohort_fingerprint(${campaignId}) as f`));
  const standing = await campaignStanding(db, campaignId);
  const key = fingerprint?.f ? `${campaignId}|${fingerprint.f}|${standing?.latest.id ?? "none"}` : null;
  const kept = key ? rankingCache.get(key) : undefined;
  if (kept) {
    // Most recently used last: the first key is the one to drop.
    rankingCache.delete(key!);
    rankingCache.set(key!, kept);
    return kept;
  }
  const built = buildRanking(standing, await cohortCities(db, campaignId));
  if (key) {
    rankingCache.set(key, built);
    if (rankingCache.size > RANKINGS_KEPT) rankingCache.delete(rankingCache.keys().next().value!);
  }
  return built;
}

/** Rankings kept per process: 20,401 towns take about 20 MB. */
const RANKINGS_KEPT = 8;
const rankingCache = new Map<string, ReturnType<typeof buildRanking>>();

export type CampaignRanking = ReturnType<typeof buildRanking>;

/** Filtered and sorted views of a kept ranking, per query: the default view of 20,401 towns is sorted once, not per reader. */
const queriedRows = new WeakMap<readonly RankingRow[], Map<string, readonly RankingRow[]>>();
const QUERIES_KEPT = 16;

const distributions = new WeakMap<readonly RankingRow[], Map<RankingQuery["view"], number[]>>();

/** How many cities score in each 10-point band of a view (the last band includes 100), once per kept ranking and view. */
export function rankingDistribution(ranking: CampaignRanking, view: RankingQuery["view"]): number[] {
  let byView = distributions.get(ranking.rows);
  if (!byView) distributions.set(ranking.rows, (byView = new Map()));
  const known = byView.get(view);
  if (known) return known;
  const bins = Array.from({ length: 10 }, () => 0);
  for (const row of ranking.rows) {
    const v = viewScore(row, view);
    if (v !== null) bins[Math.min(9, Math.floor(v / 10))]!++;
  }
  byView.set(view, bins);
  return bins;
}

const filterOptions = new WeakMap<readonly RankingRow[], Record<"province" | "region" | "tier", string[]>>();

/** The provinces, regions and tiers a ranking's filters offer, in Chinese order; worked out once per kept ranking. */
export function rankingFilterOptions(ranking: CampaignRanking) {
  const known = filterOptions.get(ranking.rows);
  if (known) return known;
  const chinese = new Intl.Collator("zh-CN");
  const distinct = (pick: (r: RankingRow) => string | null) => [...new Set(ranking.rows.map(pick).filter((v): v is string => !!v))].sort(chinese.compare);
  const options = { province: distinct((r) => r.province), region: distinct((r) => r.region), tier: distinct((r) => r.tier) };
  filterOptions.set(ranking.rows, options);
  return options;
}

/** The ranking's rows for a query (applyRankingQuery), kept with the ranking they come from. */
export function rankingRowsFor(ranking: CampaignRanking, query: RankingQuery): readonly RankingRow[] {
  let byQuery = queriedRows.get(ranking.rows);
  if (!byQuery) queriedRows.set(ranking.rows, (byQuery = new Map()));
  const key = JSON.stringify(query);
  const kept = byQuery.get(key);
  if (kept) return kept;
  const rows = Object.freeze(applyRankingQuery(ranking.rows, query));
  byQuery.set(key, rows);
  if (byQuery.size > QUERIES_KEPT) byQuery.delete(byQuery.keys().next().value!);
  return rows;
}

function buildRanking(standing: Standing | null, cities: Awaited<ReturnType<typeof cohortCities>>) {
  const framework = standing?.framework;
  const scoredOf = standing ? scoredFieldsOf(standing) : new Map<string, ScoredFields>();
  const nullConcerns = () => Object.fromEntries(CONCERN_KEYS.map((k) => [k, null])) as Record<ConcernKey, number | null>;
  const rows: readonly RankingRow[] = Object.freeze(
    cities.map((c) => {
      const base = {
        orgId: c.id,
        code: c.code ?? "",
        name: c.name,
        nameEn: c.nameEn,
        province: c.province,
        region: c.region,
        tier: c.tier,
        population: c.population,
        status: c.status ?? "draft",
      };
      return { ...base, ...(scoredOf.get(c.id) ?? { score: null, rank: null, coverage: null, dimensions: {}, concerns: nullConcerns(), concernRanks: nullConcerns() }) };
    }),
  );
  return {
    dimensions: (framework?.dimensions ?? []).map((d) => ({ code: d.code, name: d.name })),
    rows,
    standing: standing ? { hash: standing.latest.hash, at: standing.latest.signedOffAt.toISOString(), frameworkRef: standing.latest.frameworkRef } : null,
  };
}

type Standing = NonNullable<Awaited<ReturnType<typeof campaignStanding>>>;
type ScoredFields = Pick<RankingRow, "score" | "rank" | "coverage" | "dimensions" | "concerns" | "concernRanks">;

/**
 * Each signed-off city's scores, ranks and concern figures, worked out once per standing (a frozen
 * result never changes; campaignStanding keeps a few) rather than for 20,401 towns on every request.
 */
const scoredFieldsByStanding = new WeakMap<Standing, Map<string, ScoredFields>>();

function scoredFieldsOf(standing: Standing): Map<string, ScoredFields> {
  const known = scoredFieldsByStanding.get(standing);
  if (known) return known;
  const { framework, scored } = standing;
  const concerns = concernColumns(framework, scored);
  const fields = new Map<string, ScoredFields>(
    scored.unitCodes.map((orgId, u) => {
      const concern = concernsAt(concerns, u);
      return [
        orgId,
        {
          score: scoreAt(scored, "Index", u),
          rank: rankAt(scored, "Index", u),
          coverage: scored.coverage.Index![u]!,
          dimensions: Object.fromEntries(framework.dimensions.map((d) => [d.code, scoreAt(scored, d.code, u)])),
          concerns: concern.scores,
          concernRanks: concern.ranks,
        },
      ];
    }),
  );
  scoredFieldsByStanding.set(standing, fields);
  return fields;
}

/** Publishes the ranking to the cohort (or withdraws it); recorded in the campaign's audit trail. */
export async function setRankingPublished(db: Db, campaignId: string, userId: string, published: boolean) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ at: campaign.resultsPublishedAt }).from(campaign).where(eq(campaign.id, campaignId)).for("update");
    if ((before!.at !== null) === published) return;
    const at = published ? new Date() : null;
    await tx.update(campaign).set({ resultsPublishedAt: at }).where(eq(campaign.id, campaignId));
    await appendAudit(tx, campaignId, {
      actorUserId: userId,
      entity: "campaign",
      entityId: campaignId,
      action: published ? "ranking.published" : "ranking.withdrawn",
      before: { publishedAt: before!.at?.toISOString() ?? null },
      after: { publishedAt: at?.toISOString() ?? null },
    });
  });
}

export async function divisionCodeOf(db: Db, orgId: string): Promise<string | null> {
  const [row] = await db.select({ code: orgProfile.divisionCode }).from(orgProfile).where(eq(orgProfile.organizationId, orgId));
  return row?.code ?? null;
}
