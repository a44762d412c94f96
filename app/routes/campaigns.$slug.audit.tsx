import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import type { ChartConfiguration } from "chart.js";
import { useEffect } from "react";
import { decide } from "~/features/access";
import { requireCampaign } from "~/features/access/index.server";
import { cityNames, methodologyAudit } from "~/features/results/index.server";
import { localName, termKey, useLocale, useT } from "~/features/i18n";
import { ChartFigure, PALETTE } from "~/ui/chart";
import { RankRangeChart } from "~/features/results";
import { DataTable } from "~/ui/data-table";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:methodology-audit");
  // Ranks place cities among each other: shown as the ranking is (the ministry's alone until it publishes).
  const showRanks = decide(user.actor, "read:campaign-results", resource).allowed;
  return scoped(async (db) => {
    const audit = await methodologyAudit(db, resource.campaignId);
    if (audit.state !== "done") return { audit, showRanks, names: {} as Record<string, { name: string; nameEn: string | null }> };
    const { standing, ...rest } = audit;
    return {
      audit: { ...rest, cities: standing.scored.unitCodes.length, hash: standing.latest.hash, rankIntervals: showRanks ? audit.audit.rankIntervals : [] },
      showRanks,
      names: showRanks ? await cityNames(db, standing.scored.unitCodes) : {},
    };
  });
}

const fixed = (v: number | null, digits = 2) => (v === null ? null : v.toFixed(digits));

export default function MethodologyAuditPage() {
  const { audit, showRanks, names } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (audit.state !== "running") return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [audit.state, revalidator]);

  return (
    <>
      <h1>{t("methodologyAudit")}</h1>
      <p className="muted">{t("methodologyIntro")}</p>
      {audit.state === "none" ? <p className="notice">{t("auditNone")}</p> : null}
      {audit.state === "running" ? (
        <p role="status" className="notice" data-testid="audit-progress">
          <progress max={100} value={audit.progress} /> {t("auditRunning", { progress: audit.progress })}
        </p>
      ) : null}
      {audit.state === "failed" ? (
        <p role="alert" className="form-error">
          {t("auditFailed", { error: audit.error })}
        </p>
      ) : null}
      {audit.state === "done" ? <AuditTables audit={audit} showRanks={showRanks} names={names} locale={locale} /> : null}
    </>
  );
}

type Done = Extract<ReturnType<typeof useLoaderData<typeof loader>>["audit"], { state: "done" }>;

function AuditTables({ audit, showRanks, names, locale }: { audit: Done; showRanks: boolean; names: Record<string, { name: string; nameEn: string | null }>; locale: "zh-CN" | "en" }) {
  const t = useT();
  const a = audit.audit;
  const space = audit.space;
  const byTotal = [...a.sensitivity].sort((x, y) => y.sti - x.sti);
  const inputName = (v: string) => t(termKey("input", v));
  const config: ChartConfiguration = {
    type: "bar",
    data: {
      labels: a.sensitivity.map((s) => inputName(s.variable)),
      datasets: [
        { label: t("sensitivityFirstOrder"), data: a.sensitivity.map((s) => Math.round(s.si * 1000) / 1000), backgroundColor: PALETTE[0] },
        { label: t("sensitivityTotal"), data: a.sensitivity.map((s) => Math.round(s.sti * 1000) / 1000), backgroundColor: PALETTE[1] },
      ],
    },
    options: { indexAxis: "y", scales: { x: { min: 0 } } },
  };
  return (
    <>
      <p className="muted">
        {t("auditOf", { hash: audit.hash.slice(0, 16), cities: audit.cities, samples: a.samples })}
      </p>
      <section className="card">
        <h2>{t("auditSpaceTitle")}</h2>
        <ul>
          {space.noiseFactor > 0 ? <li>{t("auditSpaceNoise", { factor: Math.round(space.noiseFactor * 100) })}</li> : null}
          {space.aggregates.length ? <li>{t("auditSpaceAggregates", { methods: space.aggregates.map((m) => t(termKey("aggregate", m))).join(locale === "en" ? ", " : "、") })}</li> : null}
          {space.normalisations.length ? <li>{t("auditSpaceNormalisations", { methods: space.normalisations.map((m) => t(termKey("normalise", m))).join(locale === "en" ? ", " : "、") })}</li> : null}
          {space.imputation ? <li>{t("auditSpaceImputation")}</li> : null}
          {space.treatment ? <li>{t("auditSpaceTreatment")}</li> : null}
        </ul>
      </section>

      {showRanks ? (
        <section className="card" aria-labelledby="rank-ranges">
          <h2 id="rank-ranges">{t("rankRangesTitle")}</h2>
          <p className="muted">{t("rankRangesExplain")}</p>
          <RankRangeChart ranges={audit.rankIntervals.filter((r) => r.nominal).map((r) => ({ name: names[r.unit] ? localName(locale, names[r.unit]!.name, names[r.unit]!.nameEn) : r.unit, median: r.median, q5: r.q5, q95: r.q95 }))} />
          <DataTable
            rowKey={(r) => r.unit}
            rows={[...audit.rankIntervals].sort((x, y) => x.median - y.median || x.nominal - y.nominal)}
            columns={[
              { header: t("city"), cell: (r) => (names[r.unit] ? localName(locale, names[r.unit]!.name, names[r.unit]!.nameEn) : r.unit) },
              { header: t("nominalRank"), cell: (r) => r.nominal || "—", className: "num" },
              { header: t("medianRank"), cell: (r) => r.median, className: "num" },
              { header: t("rankRange90"), cell: (r) => t("rankRangeText", { q5: r.q5, q95: r.q95 }), className: "num" },
              { header: t("top10Share"), cell: (r) => `${Math.round(r.top10 * 100)}%`, className: "num" },
            ]}
          />
        </section>
      ) : null}

      {a.sensitivity.length ? (
        <section className="card">
          <h2>{t("sensitivityTitle")}</h2>
          <p>
            <strong data-testid="sensitivity-conclusion">
              {byTotal.length > 1 ? t("sensitivityConclusion", { first: inputName(byTotal[0]!.variable), second: inputName(byTotal[byTotal.length - 1]!.variable) }) : t("sensitivitySingle", { first: inputName(byTotal[0]!.variable) })}
            </strong>
          </p>
          <p className="muted">{t("sensitivityExplain")}</p>
          <ChartFigure
            title={t("sensitivityTitle")}
            config={config}
            height={60 + 40 * a.sensitivity.length}
            testId="sensitivity-chart"
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("auditSpaceTitle")}</th>
                    <th scope="col">{t("sensitivityFirstOrder")}</th>
                    <th scope="col">{t("sensitivityTotal")}</th>
                    <th scope="col">{t("sensitivityInterval")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.sensitivity.map((s) => (
                    <tr key={s.variable}>
                      <th scope="row">{inputName(s.variable)}</th>
                      <td className="num">{fixed(s.si, 3)}</td>
                      <td className="num">{fixed(s.sti, 3)}</td>
                      <td className="num">
                        {fixed(s.stiQ5, 3)} – {fixed(s.stiQ95, 3)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        </section>
      ) : null}

      <section className="card">
        <h2>{t("coherenceTitle")}</h2>
        <p className="muted">{t("coherenceExplain")}</p>
        <DataTable
          rowKey={(c) => `${c.code}-${c.parent}`}
          rows={a.correlations}
          columns={[
            { header: t("codeColumn"), cell: (c) => <code>{c.code}</code> },
            { header: t("parentColumn"), cell: (c) => <code>{c.parent}</code> },
            { header: t("correlationWithParent"), cell: (c) => fixed(c.r) ?? t("notDefined"), className: "num" },
            { header: "", cell: (c) => (c.r === null ? null : c.r < 0 ? <span className="badge flag">{t("flagNegative")}</span> : Math.abs(c.r) < 0.2 ? <span className="badge flag">{t("flagWeak")}</span> : null) },
          ]}
        />
      </section>

      <section className="card">
        <h2>{t("cronbachTitle")}</h2>
        <p className="muted">{t("cronbachExplain")}</p>
        <DataTable
          rowKey={(c) => c.code}
          rows={a.alphas}
          columns={[
            { header: t("codeColumn"), cell: (c) => <code>{c.code}</code> },
            { header: t("alphaColumn"), cell: (c) => fixed(c.alpha) ?? t("notDefined"), className: "num" },
            { header: "", cell: (c) => (c.alpha !== null && c.alpha < 0.7 ? <span className="badge flag">{t("flagLowAlpha")}</span> : null) },
          ]}
        />
      </section>

      <section className="card">
        <h2>{t("effectiveTitle")}</h2>
        <p className="muted">{t("effectiveExplain")}</p>
        <DataTable
          rowKey={(c) => c.code}
          rows={a.withIndex}
          columns={[
            { header: t("codeColumn"), cell: (c) => <code>{c.code}</code> },
            { header: t("nominalWeightShare"), cell: (c) => `${(c.nominalShare * 100).toFixed(1)}%`, className: "num" },
            { header: t("correlationWithIndex"), cell: (c) => fixed(c.r) ?? t("notDefined"), className: "num" },
            // An indicator that carries more than its equal share of the index but hardly moves with it.
            { header: "", cell: (c) => (c.r !== null && c.r < 0.2 && c.nominalShare >= 1 / a.withIndex.length ? <span className="badge flag">{t("flagFarFromNominal")}</span> : null) },
          ]}
        />
      </section>

      <section className="card">
        <h2>{t("leaveOneOutTitle")}</h2>
        <p className="muted">{t("leaveOneOutExplain")}</p>
        <DataTable
          rowKey={(c) => c.code}
          rows={a.leaveOneOut}
          columns={[
            { header: t("codeColumn"), cell: (c) => <code>{c.code}</code> },
            { header: t("meanRankChange"), cell: (c) => c.meanAbsRankChange.toFixed(2), className: "num" },
          ]}
        />
      </section>
    </>
  );
}
