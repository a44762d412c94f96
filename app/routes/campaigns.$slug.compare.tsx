import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChartFigure, PALETTE } from "~/ui/chart";
import { DataTable } from "~/ui/data-table";
import { campaignRanking } from "~/features/results/index.server";
import { useT, useLocale, localName, localText } from "~/features/i18n";
import { requireCampaign } from "~/features/access/index.server";

/** 2–6 cities side by side: ?c=<division code>&c=… */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, scoped } = await requireCampaign(request, params, "read:campaign-results");
  const codes = [...new Set(new URL(request.url).searchParams.getAll("c"))];
  const ranking = await scoped((db) => campaignRanking(db, resource.campaignId));
  const unknown = codes.filter((c) => !ranking.rows.some((r) => r.code === c));
  const error = unknown.length ? { key: "unknown" as const, codes: unknown } : codes.length < 2 || codes.length > 6 ? { key: "count" as const, codes } : null;
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn },
    dimensions: ranking.dimensions,
    cities: error ? [] : codes.map((c) => ranking.rows.find((r) => r.code === c)!),
    error,
  };
}

export default function Compare() {
  const { campaign, dimensions, cities, error } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = (c: (typeof cities)[number]) => (localName(locale, c.name, c.nameEn));
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(1));
  const axes = dimensions.map((d) => `${d.code} ${localText(locale, d.name)}`);
  const datasets = (fill: boolean) =>
    cities.map((c, i) => ({
      label: name(c),
      data: dimensions.map((d) => c.dimensions[d.code] ?? null),
      backgroundColor: fill ? PALETTE[i % PALETTE.length] : "transparent",
      borderColor: PALETTE[i % PALETTE.length],
    }));
  const rows = [
    { key: "score", label: t("overallScore"), get: (c: (typeof cities)[number]) => f(c.score) },
    { key: "rank", label: t("rank"), get: (c: (typeof cities)[number]) => (c.rank === null ? t("pendingNotRanked") : String(c.rank)) },
    ...(["citizen-engagement", "data-silos", "operability"] as const).map((k) => ({ key: k, label: t(`view_${k}`), get: (c: (typeof cities)[number]) => f(c.concerns[k]) })),
    ...dimensions.map((d, i) => ({ key: d.code, label: axes[i]!, get: (c: (typeof cities)[number]) => f(c.dimensions[d.code]) })),
    { key: "coverage", label: t("coverage"), get: (c: (typeof cities)[number]) => (c.coverage === null ? "—" : `${Math.round(c.coverage * 100)}%`) },
  ];
  return (
    <>
      <h1>
        {t("compareTitle")} · <Link to={`/campaigns/${campaign.slug}/ranking`}>{localName(locale, campaign.nameZh, campaign.nameEn)}</Link>
      </h1>
      {error ? (
        <p className="form-error" role="alert">
          {error.key === "count" ? t("comparePick") : `${t("divisionCode")}: ${error.codes.join(", ")}?`}
        </p>
      ) : (
        <>
          <section className="card" data-testid="compare-table">
            <DataTable
              rows={rows}
              rowKey={(r) => r.key}
              columns={[{ header: "", cell: (r) => r.label }, ...cities.map((c) => ({ header: name(c), cell: (r: (typeof rows)[number]) => r.get(c) }))]}
            />
          </section>
          <section className="card grid-2">
            <ChartFigure
              testId="compare-bars"
              title={t("compareBarsTitle")}
              config={{ type: "bar", data: { labels: axes, datasets: datasets(true) }, options: { scales: { y: { min: 0, max: 100 } } } }}
              table={<p className="muted">{t("chartTableAbove")}</p>}
            />
            <ChartFigure
              testId="compare-radar"
              title={t("compareRadarTitle")}
              height={340}
              config={{ type: "radar", data: { labels: axes, datasets: datasets(false) }, options: { scales: { r: { min: 0, max: 100 } } } }}
              table={<p className="muted">{t("chartTableAbove")}</p>}
            />
          </section>
        </>
      )}
    </>
  );
}
