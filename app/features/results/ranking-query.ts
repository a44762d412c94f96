/**
 * Filtering and sorting of a campaign ranking, shared by the page, the exports and the JSON API
 * so that an export holds exactly the rows on screen, in the same order. Pure; the state lives in
 * the URL's search parameters.
 */
export const CONCERNS = ["citizen-engagement", "data-silos", "operability"] as const;
export type ConcernKey = (typeof CONCERNS)[number];
export type RankingView = "overall" | ConcernKey;

export interface RankingRow {
  /** The city's organization: what the methodology audit's intervals are keyed by. */
  orgId?: string;
  code: string;
  name: string;
  nameEn: string | null;
  province: string | null;
  region: string | null;
  tier: string | null;
  population: number | null;
  /** Workflow status; only "signed_off" rows carry scores and ranks. */
  status: string;
  score: number | null;
  rank: number | null;
  coverage: number | null;
  dimensions: Record<string, number | null>;
  concerns: Record<ConcernKey, number | null>;
  concernRanks: Record<ConcernKey, number | null>;
}

export const POPULATION_BANDS = [
  { key: "lt1m", min: 0, max: 1_000_000 },
  { key: "1to5m", min: 1_000_000, max: 5_000_000 },
  { key: "5to10m", min: 5_000_000, max: 10_000_000 },
  { key: "ge10m", min: 10_000_000, max: Infinity },
] as const;

export interface RankingQuery {
  view: RankingView;
  q: string;
  province: string;
  region: string;
  tier: string;
  band: string;
  status: string;
  /** A column id (score, rank, coverage, name, code, province, population, status or a dimension code) and a direction. */
  sort: { id: string; desc: boolean } | null;
}

export function parseRankingQuery(params: URLSearchParams): RankingQuery {
  const view = params.get("view");
  const sort = params.get("sort");
  const [id, direction] = sort ? sort.split(":") : [];
  return {
    view: view && (CONCERNS as readonly string[]).includes(view) ? (view as ConcernKey) : "overall",
    q: (params.get("q") ?? "").trim(),
    province: params.get("province") ?? "",
    region: params.get("region") ?? "",
    tier: params.get("tier") ?? "",
    band: params.get("band") ?? "",
    status: params.get("status") ?? "",
    sort: id ? { id, desc: direction === "desc" } : null,
  };
}

/** The score and rank a view ranks by: the overall index, or one concern. */
export const viewScore = (row: RankingRow, view: RankingView) => (view === "overall" ? row.score : row.concerns[view]);
export const viewRank = (row: RankingRow, view: RankingView) => (view === "overall" ? row.rank : row.concernRanks[view]);

function sortValue(row: RankingRow, id: string, view: RankingView): number | string | null {
  switch (id) {
    case "score":
      return viewScore(row, view);
    case "rank":
      return viewRank(row, view);
    case "coverage":
      return row.coverage;
    case "population":
      return row.population;
    case "name":
      return row.name;
    case "code":
      return row.code;
    case "province":
      return row.province;
    case "status":
      return row.status;
    default:
      return row.dimensions[id] ?? null;
  }
}

/**
 * Rows matching every filter, sorted: by the chosen column (missing values last in either
 * direction), else by rank with unranked (pending) cities after the ranked ones; ties by code.
 */
export function applyRankingQuery(rows: readonly RankingRow[], query: RankingQuery): RankingRow[] {
  const q = query.q.toLowerCase();
  const band = POPULATION_BANDS.find((b) => b.key === query.band);
  const kept = rows.filter(
    (r) =>
      (!q || r.name.toLowerCase().includes(q) || (r.nameEn ?? "").toLowerCase().includes(q) || r.code.includes(q)) &&
      (!query.province || r.province === query.province) &&
      (!query.region || r.region === query.region) &&
      (!query.tier || r.tier === query.tier) &&
      (!band || (r.population !== null && r.population >= band.min && r.population < band.max)) &&
      (!query.status || (query.status === "pending" ? r.status !== "signed_off" : r.status === query.status)),
  );
  const { id, desc } = query.sort ?? { id: "rank", desc: false };
  return kept.sort((a, b) => {
    const x = sortValue(a, id, query.view);
    const y = sortValue(b, id, query.view);
    if (x === null || y === null) return x === y ? byCode(a, b) : x === null ? 1 : -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : chinese.compare(String(x), String(y));
    return (desc ? -order : order) || byCode(a, b);
  });
}

/** Names in Chinese collation order, with one collator for the whole sort. */
const chinese = new Intl.Collator("zh-CN");
/** Division codes are six ASCII digits: compared as they are. */
const byCode = (a: RankingRow, b: RankingRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Search parameters for a query (defaults omitted), for links and export URLs. */
export function rankingSearch(query: RankingQuery): string {
  const params = new URLSearchParams();
  if (query.view !== "overall") params.set("view", query.view);
  for (const key of ["q", "province", "region", "tier", "band", "status"] as const) if (query[key]) params.set(key, query[key]);
  if (query.sort) params.set("sort", `${query.sort.id}:${query.sort.desc ? "desc" : "asc"}`);
  const text = params.toString();
  return text ? `?${text}` : "";
}
