import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Pager } from "~/ui/pager";
import { pageWithin } from "~/platform/paging";
import { pageForm } from "~/platform/request-body.server";
import { Form, Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useMemo } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { ChartFigure, PALETTE } from "~/ui/chart";
import { RankRangeChart, RankingTable } from "~/features/results";
import { ConfirmAction } from "~/ui/confirm-action";
import { formatDate, useT, useLocale, localName, localText, placeName, type Locale, termKey, refusal, problem } from "~/features/i18n";
import { decide } from "~/features/access";
import { CONCERNS, parseRankingQuery, POPULATION_BANDS, rankingSearch, viewRank, viewScore, type RankingQuery, type RankingRow } from "~/features/results";
import { campaignRanking, divisionCodeOf, methodologyAudit, rankingDistribution, rankingFilterOptions, rankingRowsFor, setRankingPublished, storedAudit } from "~/features/results/index.server";
import type { RankInterval } from "../../indicators";
import { requireCampaign } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  const full = decide(user.actor, "read:campaign-results", resource).allowed;
  const [ranking, audit] = await scoped(async (db) => [await campaignRanking(db, resource.campaignId), full ? await storedAudit(db, resource.campaignId) : null] as const);
  const intervals = new Map(audit?.state === "done" ? audit.audit.rankIntervals.map((r) => [r.unit, r]) : []);
  const searchParams = new URL(request.url).searchParams;
  const query = parseRankingQuery(searchParams);
  const matching = full ? rankingRowsFor(ranking, query) : [];
  // Pages of two hundred: a campaign of every town is 103 pages, not 8 MB at once.
  const paging = pageWithin(matching.length, RANKING_PAGE_SIZE, searchParams.get("page"));
  const pageRows = matching.slice(paging.offset, paging.offset + RANKING_PAGE_SIZE);
  const m = user.actor.membership;
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn, publishedAt: resource.row.resultsPublishedAt?.toISOString() ?? null },
    dimensions: ranking.dimensions,
    query,
    full,
    // Without access to the ranking, only the distribution of scores is shown: no names, no codes.
    // Sent as one JSON string: Remix's stream encoding walks every value of 700+ row objects, which
    // cost more than the rest of the page; JSON.stringify is native.
    rowsJson: JSON.stringify(pageRows.map((r) => pageRow(r, query, ranking.dimensions, user.locale, query.view === "overall" ? intervals.get(r.orgId ?? "") : undefined))),
    paging,
    auditState: audit?.state ?? null,
    rankRanges: full ? pageRows.flatMap((r) => {
      const i = intervals.get(r.orgId ?? "");
      return i && i.nominal ? [{ name: localName(user.locale, r.name, r.nameEn), median: i.median, q5: i.q5, q95: i.q95 }] : [];
    }) : [],
    distribution: rankingDistribution(ranking, query.view),
    options: rankingFilterOptions(ranking),
    canPublish: decide(user.actor, "manage:campaign", resource).allowed,
    signedOff: { signed: ranking.rows.filter((r) => r.status === "signed_off").length, total: ranking.rows.length },
    myCityCode: m?.kind === "city" && resource.cohort.some((c) => c.cityOrgId === m.orgId) ? await scoped((db) => divisionCodeOf(db, m.orgId)) : null,
  };
}

const RANKING_PAGE_SIZE = 200;

const shown = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(1));

/**
 * What one table row shows, and nothing else: the score and rank of the current view, dimensions
 * in column order, numbers as displayed (sorting and exports work on the full values, server-side).
 */
function pageRow(r: RankingRow, query: RankingQuery, dimensions: { code: string }[], locale: Locale, interval?: RankInterval) {
  return {
    code: r.code,
    name: localName(locale, r.name, r.nameEn),
    province: placeName(locale, r.province),
    population: r.population,
    status: r.status,
    score: shown(viewScore(r, query.view)),
    rank: viewRank(r, query.view),
    /** The 5th–95th percentile of the overall rank over the methodology audit's sampled methods. */
    range: interval && interval.nominal ? (interval.q5 === interval.q95 ? String(interval.q5) : `${interval.q5}–${interval.q95}`) : null,
    coverage: r.coverage === null ? "—" : `${Math.round(r.coverage * 100)}%`,
    dimensions: dimensions.map((d) => shown(r.dimensions[d.code])),
  };
}

export type PageRow = ReturnType<typeof pageRow>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "manage:campaign");
  const intent = (await pageForm(request, user.locale)).get("intent");
  if (intent !== "publish" && intent !== "unpublish") throw refusal(user.locale, 400, problem("p_unknownIntent", { intent: String(intent) }));
  await scoped(async (db) => {
    await setRankingPublished(db, resource.campaignId, user.id, intent === "publish");
    // A published ranking shows each rank's range: its audit starts now, in the background.
    if (intent === "publish") await methodologyAudit(db, resource.campaignId);
  });
  return { ok: true };
}

export default function RankingPage() {
  const data = useLoaderData<typeof loader>();
  const { campaign, dimensions, query, full, paging } = data;
  const pageHref = (page: number) => `${rankingSearch(query) || "?"}${rankingSearch(query) ? "&" : ""}page=${page}`;
  const rows = useMemo(() => JSON.parse(data.rowsJson) as PageRow[], [data.rowsJson]);
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const go = (next: Partial<RankingQuery>) => navigate(rankingSearch({ ...query, ...next }) || "?", { preventScrollReset: true });
  const viewLabel = (v: RankingQuery["view"]) => (v === "overall" ? t("viewOverall") : t(`view_${v}`));
  const name = (r: PageRow) => r.name;

  const columns: ColumnDef<PageRow>[] = [
    {
      id: "select",
      header: t("compare"),
      enableSorting: false,
      enableHiding: false,
      cell: ({ row }) => <input type="checkbox" name="c" value={row.original.code} form="compare-form" aria-label={`${t("compare")} ${name(row.original)}`} />,
    },
    { id: "rank", header: t("rank"), cell: ({ row }) => row.original.rank ?? <span className="muted">{t("pendingNotRanked")}</span> },
    {
      id: "name",
      header: t("city"),
      enableHiding: false,
      cell: ({ row }) => <Link to={`/campaigns/${campaign.slug}/cities/${row.original.code}/profile`}>{name(row.original)}</Link>,
    },
    // The score straight after the name: on a phone it is on screen without scrolling sideways.
    { id: "score", header: viewLabel(query.view), cell: ({ row }) => <strong>{row.original.score}</strong> },
    { id: "range", header: t("rankRange90"), cell: ({ row }) => row.original.range ?? <span className="muted">{row.original.rank && data.auditState === "running" ? t("rangeComputing") : "—"}</span> },
    { id: "code", header: t("divisionCode"), cell: ({ row }) => row.original.code },
    { id: "province", header: t("province"), cell: ({ row }) => row.original.province },
    { id: "population", header: t("population"), cell: ({ row }) => (row.original.population === null ? "—" : new Intl.NumberFormat(locale).format(row.original.population)) },
    ...dimensions.map(
      (d, i): ColumnDef<PageRow> => ({ id: d.code, header: `${d.code} ${localText(locale, d.name)}`, cell: ({ row }) => row.original.dimensions[i] }),
    ),
    { id: "coverage", header: t("coverage"), cell: ({ row }) => row.original.coverage },
    { id: "status", header: t("submissionStatus"), cell: ({ row }) => t(termKey("subStatus", row.original.status)) },
  ];
  const bins = data.distribution;
  const binLabels = bins.map((_, i) => `${i * 10}–${i === 9 ? 100 : i * 10 + 10}`);
  const exportHref = (format: "csv" | "xlsx") => `/campaigns/${campaign.slug}/ranking/export${rankingSearch(query) ? `${rankingSearch(query)}&` : "?"}format=${format}`;

  return (
    <>
      <h1>
        {t("rankingTitle")} · <Link to={`/campaigns/${campaign.slug}`}>{localName(locale, campaign.nameZh, campaign.nameEn)}</Link>
      </h1>
      <nav className="tabs" aria-label={t("ranking")}>
        {(["overall", ...CONCERNS] as const).map((v) => (
          <Link key={v} to={rankingSearch({ ...query, view: v }) || "?"} aria-current={query.view === v ? "page" : undefined} className={query.view === v ? "active" : undefined}>
            {viewLabel(v)}
          </Link>
        ))}
      </nav>
      {data.canPublish ? (
        <Form method="post" className="card inline-form">
          <p>{campaign.publishedAt ? t("rankingPublished", { date: formatDate(locale, campaign.publishedAt) }) : t("rankingNotPublished")}</p>
          {campaign.publishedAt ? (
            <button type="submit" name="intent" value="unpublish">
              {t("unpublishRanking")}
            </button>
          ) : (
            <ConfirmAction label={t("publishRanking")} title={t("publishConfirmTitle")} confirmLabel={t("publishConfirm")} value="publish">
              <p>{t("publishConfirmCounts", data.signedOff)}</p>
              <p>{t("publishConfirmAudience")}</p>
            </ConfirmAction>
          )}
        </Form>
      ) : null}
      {full ? (
        <section className="card">
          <Form method="get" className="filters" preventScrollReset>
            {query.view !== "overall" && <input type="hidden" name="view" value={query.view} />}
            <label>
              {t("searchCity")} <input type="search" name="q" defaultValue={query.q} />
            </label>
            {(["province", "region", "tier"] as const).map((key) => (
              <label key={key}>
                {t(key)}{" "}
                <select name={key} defaultValue={query[key]}>
                  <option value="">{t("allOption")}</option>
                  {data.options[key].map((o) => (
                    <option key={o} value={o}>
                      {placeName(locale, o)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              {t("populationBand")}{" "}
              <select name="band" defaultValue={query.band}>
                <option value="">{t("allOption")}</option>
                {POPULATION_BANDS.map((b) => (
                  <option key={b.key} value={b.key}>
                    {t(`band_${b.key}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("submissionStatus")}{" "}
              <select name="status" defaultValue={query.status}>
                <option value="">{t("allOption")}</option>
                <option value="signed_off">{t("subStatus_signed_off")}</option>
                <option value="pending">{t("statusPending")}</option>
              </select>
            </label>
            {query.sort && <input type="hidden" name="sort" value={`${query.sort.id}:${query.sort.desc ? "desc" : "asc"}`} />}
            <button type="submit">{t("applyFilters")}</button> <Link to={query.view === "overall" ? "?" : `?view=${query.view}`}>{t("clearFilters")}</Link>
          </Form>
          <p className="actions">
            <a href={exportHref("csv")} download>
              {t("exportCsv")}
            </a>{" "}
            ·{" "}
            <a href={exportHref("xlsx")} download>
              {t("exportXlsx")}
            </a>
          </p>
          <form id="compare-form" method="get" action={`/campaigns/${campaign.slug}/compare`}>
            <button type="submit">{t("compareSelected")}</button> <span className="muted">{t("comparePick")}</span>
          </form>
          <RankingTable
            storageKey={`zhiping.ranking.columns.${campaign.slug}`}
            rows={rows}
            columns={columns}
            sort={query.sort}
            onSort={(sort) => go({ sort })}
            rowKey={(r) => r.code}
            labels={{ columns: t("columns"), sortAscending: t("sortAscending"), sortDescending: t("sortDescending"), rows: (n) => (paging.pages > 1 ? t("rowsPaged", paging) : t("rowsShown", { count: n })) }}
          />
          <Pager paging={paging} label={t("rankingPages")} href={pageHref} counted={false} />
          <p className="muted">
            {t("rangeOverlapNote")} <Link to={`/campaigns/${campaign.slug}/audit`}>{t("methodologyAudit")}</Link>
          </p>
          {data.rankRanges.length ? <RankRangeChart ranges={data.rankRanges} /> : null}
        </section>
      ) : (
        <p className="notice">
          {t("cohortDistributionOnly")}{" "}
          {data.myCityCode ? <Link to={`/campaigns/${campaign.slug}/cities/${data.myCityCode}/profile`}>{t("myProfile")}</Link> : null}
        </p>
      )}
      <section className="card">
        <ChartFigure
          testId="distribution"
          title={t("distributionTitle", { view: viewLabel(query.view) })}
          config={{
            type: "bar",
            data: { labels: binLabels, datasets: [{ label: t("citiesCount"), data: bins, backgroundColor: PALETTE[0] }] },
            options: { plugins: { legend: { display: true } }, scales: { x: { title: { display: true, text: t("scoreBand") } }, y: { title: { display: true, text: t("citiesCount") }, ticks: { precision: 0 } } } },
          }}
          table={
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("scoreBand")}</th>
                  <th scope="col">{t("citiesCount")}</th>
                </tr>
              </thead>
              <tbody>
                {bins.map((count, i) => (
                  <tr key={binLabels[i]}>
                    <td>{binLabels[i]}</td>
                    <td>{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </section>
    </>
  );
}
