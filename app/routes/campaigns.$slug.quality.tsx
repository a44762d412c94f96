import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ChartConfiguration } from "chart.js";
import { requireCampaign } from "~/features/access/index.server";
import { campaignQualityOverview } from "~/features/quality/index.server";
import { EVIDENCE_FLAG_KINDS, FLAG_STATUSES, VALUE_FLAG_KINDS, flagKindText, flagText, type QualityFlag } from "~/features/quality";
import { localName, termKey, useLocale, useT } from "~/features/i18n";
import { ChartFigure, PALETTE } from "~/ui/chart";
import { DataTable } from "~/ui/data-table";

const KINDS: readonly string[] = [...VALUE_FLAG_KINDS, ...EVIDENCE_FLAG_KINDS];

/** The campaign's data-quality page: every city's plausibility flags, for the owning ministry. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, scoped } = await requireCampaign(request, params, "read:campaign-quality");
  const url = new URL(request.url);
  const kind = KINDS.includes(url.searchParams.get("kind") ?? "") ? url.searchParams.get("kind")! : null;
  const status = (FLAG_STATUSES as readonly string[]).includes(url.searchParams.get("status") ?? "") ? url.searchParams.get("status")! : null;
  const overview = await scoped((db) => campaignQualityOverview(db, resource.campaignId));
  const { framework: _framework, flags, ...rest } = overview;
  const shown = flags.filter((f) => (!kind || f.kind === kind) && (!status || f.status === status));
  return { ...rest, campaign: { slug: resource.row.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn }, flags: shown, total: flags.length, filter: { kind, status } };
}

export default function CampaignQualityPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const cityName = (id: string) => (data.cities[id] ? localName(locale, data.cities[id]!.name, data.cities[id]!.nameEn) : "—");
  const context = { rules: data.rules, cities: data.cities };
  const config: ChartConfiguration = {
    type: "bar",
    data: {
      labels: data.byKind.map((k) => flagKindText(locale, { kind: k.key })),
      datasets: FLAG_STATUSES.map((s, i) => ({ label: t(termKey("flagStatus", s)), data: data.byKind.map((k) => k[s]), backgroundColor: PALETTE[i] })),
    },
    options: { indexAxis: "y", scales: { x: { stacked: true, min: 0, ticks: { precision: 0 } }, y: { stacked: true } } },
  };
  const statusCells = <T extends Record<(typeof FLAG_STATUSES)[number], number> & { total: number }>() =>
    [...FLAG_STATUSES.map((s) => ({ header: t(termKey("flagStatus", s)), cell: (r: T) => r[s], className: "num" })), { header: t("qualityFilterAll"), cell: (r: T) => r.total, className: "num" }];
  return (
    <>
      <p>
        <Link to={`/campaigns/${data.campaign.slug}`}>← {t("back")}</Link>
      </p>
      <h1>{t("qualityPageTitle", { campaign: localName(locale, data.campaign.nameZh, data.campaign.nameEn) })}</h1>
      <section className="card" aria-live="polite">
        <p data-testid="quality-summary">{t("qualityReportSummary", { total: data.totals.total, resolved: data.totals.resolved, explained: data.totals.explained, open: data.totals.open })}</p>
        <p className="muted">{data.previousCampaign.length ? t("qualityFlagsHistory", { campaign: data.previousCampaign.join(", ") }) : t("qualityFlagsNoHistory")}</p>
        {data.smallCohort.length ? <p className="muted">{t("qualitySmallCohort", { codes: data.smallCohort.join(", ") })}</p> : null}
      </section>
      {data.byKind.length ? (
        <section className="card" aria-labelledby="by-kind">
          <h2 id="by-kind">{t("qualityByKind")}</h2>
          <ChartFigure
            title={t("qualityChartLabel")}
            config={config}
            height={Math.max(160, data.byKind.length * 40)}
            testId="quality-chart"
            table={<DataTable rowKey={(r) => r.key} rows={data.byKind} columns={[{ header: t("qualityColKind"), cell: (r) => flagKindText(locale, { kind: r.key }) }, ...statusCells<(typeof data.byKind)[number]>()]} />}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby="by-city">
        <h2 id="by-city">{t("qualityByCity")}</h2>
        <DataTable
          rowKey={(r) => r.key}
          rows={data.byCity}
          columns={[{ header: t("qualityColCity"), cell: (r) => <Link to={`/campaigns/${data.campaign.slug}/cities/${data.cities[r.key]?.code}#quality-flags`}>{cityName(r.key)}</Link> }, ...statusCells<(typeof data.byCity)[number]>()]}
        />
      </section>
      <section className="card" aria-labelledby="by-indicator">
        <h2 id="by-indicator">{t("qualityByIndicator")}</h2>
        <DataTable
          rowKey={(r) => r.key}
          rows={data.byIndicator}
          columns={[{ header: t("qualityColIndicators"), cell: (r) => `${r.key} ${data.names[r.key] ? localName(locale, data.names[r.key]!.zh, data.names[r.key]!.en) : ""}` }, ...statusCells<(typeof data.byIndicator)[number]>()]}
        />
      </section>
      <section className="card" aria-labelledby="all-flags">
        <h2 id="all-flags">{t("qualityFlagsTable")}</h2>
        <Form method="get" className="filters">
          <label>
            {t("qualityFilterKind")}{" "}
            <select name="kind" defaultValue={params.get("kind") ?? ""}>
              <option value="">{t("qualityFilterAll")}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {flagKindText(locale, { kind: k as QualityFlag["kind"] })}
                </option>
              ))}
            </select>
          </label>{" "}
          <label>
            {t("qualityFilterStatus")}{" "}
            <select name="status" defaultValue={params.get("status") ?? ""}>
              <option value="">{t("qualityFilterAll")}</option>
              {FLAG_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(termKey("flagStatus", s))}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">{t("qualityFilterApply")}</button>
        </Form>
        <p className="muted">
          {t("qualityShown", { shown: data.flags.length, total: data.total })} ·{" "}
          <a href={`/campaigns/${data.campaign.slug}/quality/export?format=csv`} download>
            {t("exportCsv")}
          </a>{" "}
          ·{" "}
          <a href={`/campaigns/${data.campaign.slug}/quality/export?format=xlsx`} download>
            {t("exportXlsx")}
          </a>
        </p>
        <DataTable
          className="quality-table"
          rowKey={(f) => `${f.cityOrgId}/${f.key}`}
          rows={data.flags}
          columns={[
            { header: t("qualityColCity"), cell: (f) => cityName(f.cityOrgId) },
            { header: t("qualityColKind"), cell: (f) => flagKindText(locale, f) },
            { header: t("qualityColSeverity"), cell: (f) => <span className={`badge flag-${f.severity}`}>{t(termKey("flagSeverity", f.severity))}</span> },
            { header: t("qualityColIndicators"), cell: (f) => (f.indicators.length > 3 ? `${f.indicators.slice(0, 3).join(", ")} … (+${f.indicators.length - 3})` : f.indicators.join(", ")) },
            { header: t("qualityColWhat"), cell: (f) => flagText(locale, f, context) },
            { header: t("qualityColStatus"), cell: (f) => <span className={`badge flag-status-${f.status}`}>{t(termKey("flagStatus", f.status))}</span> },
          ]}
        />
      </section>
    </>
  );
}
