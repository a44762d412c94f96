import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChartFigure, PALETTE } from "~/ui/chart";
import { DataTable } from "~/ui/data-table";
import { decide } from "~/features/access";
import { cityProfile, storedAudit } from "~/features/results/index.server";
import { useT, useLocale, localName, localText } from "~/features/i18n";
import { requireCityData } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, target, scoped } = await requireCityData(request, params, "read:city-profile");
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn },
    city: { code: city.code, name: city.name, nameEn: city.nameEn },
    ...(await scoped(async (db) => {
      const profile = await cityProfile(db, user.actor, resource, city.id);
      // Where the rank may lie under plausible methods: shown wherever the rank itself is.
      const audit = profile.scored?.rank ? await storedAudit(db, resource.campaignId) : null;
      const interval = audit?.state === "done" ? (audit.audit.rankIntervals.find((r) => r.unit === city.id) ?? null) : null;
      return { profile, interval: interval && { q5: interval.q5, q95: interval.q95 } };
    })),
    canReadSubmission: decide(user.actor, "read:city-data", target).allowed,
  };
}

export default function CityProfile() {
  const { campaign, city, profile, canReadSubmission, interval } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const L = (text: { zh: string; en: string }) => (localText(locale, text));
  const f = (v: number | null) => (v === null ? "—" : v.toFixed(1));
  const s = profile.scored;
  return (
    <>
      <h1>
        {localName(locale, city.name, city.nameEn)} · {t("profile")}
      </h1>
      <p>
        <Link to={`/campaigns/${campaign.slug}`}>{localName(locale, campaign.nameZh, campaign.nameEn)}</Link>
        {canReadSubmission ? (
          <>
            {" "}
            · <Link to={`/campaigns/${campaign.slug}/cities/${city.code}`}>{t("submissionStatus")}</Link>
          </>
        ) : null}{" "}
        · <Link to={`/campaigns/${campaign.slug}/ranking`}>{t("ranking")}</Link>
      </p>
      {!s ? (
        <p className="notice">
          <span className="badge">{t(`subStatus_${profile.status}`)}</span> {t("notSignedOffYet")}
        </p>
      ) : (
        <>
          <section className="card summary" data-testid="profile-summary">
            <p>
              {t("overallScore")}: <strong>{f(s.score)}</strong> · {t("rank")}: <strong>{s.rank === null ? "—" : `${s.rank} / ${s.of}`}</strong> · {t("coverage")}: {Math.round(s.coverage * 100)}%
            </p>
            {s.rank !== null && interval ? (
              <p data-testid="rank-range">{t("rankRangeProfile", { rank: s.rank, q5: interval.q5, q95: interval.q95 })}</p>
            ) : null}
            <p>
              {s.concerns.map((c) => (
                <span key={c.key} className="concern">
                  {t(`view_${c.key}`)}: <strong>{f(c.score)}</strong> ({c.rank ?? "—"}/{s.of}){" "}
                </span>
              ))}
            </p>
          </section>
          <section className="card grid-2">
            <ChartFigure
              testId="radar"
              title={t("radarTitle")}
              height={340}
              config={{
                type: "radar",
                data: {
                  labels: s.dimensions.map((d) => L(d.name)),
                  datasets: [
                    { label: t("thisCity"), data: s.dimensions.map((d) => d.score), borderColor: PALETTE[0], backgroundColor: "rgba(0,114,178,0.15)" },
                    { label: t("cohortMedian"), data: s.dimensions.map((d) => d.median), borderColor: PALETTE[1], borderDash: [4, 3], fill: false },
                    { label: t("cohortBest"), data: s.dimensions.map((d) => d.best), borderColor: PALETTE[2], borderDash: [2, 2], fill: false },
                  ],
                },
                options: { scales: { r: { min: 0, max: 100 } } },
              }}
              table={
                <DataTable
                  rows={s.dimensions}
                  rowKey={(d) => d.code}
                  columns={[
                    { header: t("dimensionCol"), cell: (d) => `${d.code} ${L(d.name)}` },
                    { header: t("thisCity"), cell: (d) => f(d.score) },
                    { header: t("rank"), cell: (d) => d.rank ?? "—" },
                    { header: t("cohortMedian"), cell: (d) => f(d.median) },
                    { header: t("cohortBest"), cell: (d) => f(d.best) },
                  ]}
                />
              }
            />
            <ChartFigure
              testId="indicator-bars"
              title={t("indicatorBarsTitle")}
              height={Math.max(340, s.indicators.length * 20)}
              config={{
                type: "bar",
                data: { labels: s.indicators.map((i) => i.code), datasets: [{ label: t("score"), data: s.indicators.map((i) => i.score), backgroundColor: PALETTE[0] }] },
                // Every bar keeps its label: chart.js would otherwise drop every other code when they crowd.
                options: { indexAxis: "y", scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } } },
              }}
              table={
                <DataTable
                  rows={s.indicators}
                  rowKey={(i) => i.code}
                  columns={[
                    { header: t("indicatorCol"), cell: (i) => `${i.code} ${L(i.name)}` },
                    { header: t("score"), cell: (i) => f(i.score) },
                    { header: t("contribution"), cell: (i) => (i.contribution === null ? "—" : i.contribution.toFixed(2)) },
                  ]}
                />
              }
            />
          </section>
          <section className="card grid-2">
            {(["strengths", "weaknesses"] as const).map((kind) => (
              <div key={kind}>
                <h2>{t(kind === "strengths" ? "strengthsTop" : "weaknessesBottom")}</h2>
                <ol>
                  {s[kind].map((i) => (
                    <li key={i.code}>
                      {i.code} {L(i.name)}: {f(i.score)} ({t("contribution")} {i.contribution!.toFixed(2)})
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </section>
        </>
      )}
      <section className="card">
        <h2>{t("evidenceCoverage")}</h2>
        <p>{t("evidenceCoverageText", profile.evidence)}</p>
        <h2>{t("yearOverYear")}</h2>
        {profile.history.length ? (
          <DataTable
            rows={profile.history}
            rowKey={(h) => h.slug}
            columns={[
              { header: "", cell: (h) => `${h.year} · ${h.slug}` },
              { header: t("framework"), cell: (h) => (h.mapping ? `${h.frameworkRef} (+${h.mapping.added} / −${h.mapping.removed} / ⇄${h.mapping.reweighted}${h.mapping.recoded ? ` / ↻${h.mapping.recoded}` : ""})` : h.frameworkRef) },
              { header: t("score"), cell: (h) => f(h.score) },
              { header: t("rank"), cell: (h) => (h.rank === null ? "—" : `${h.rank} / ${h.of}`) },
              { header: "Δ", cell: (h) => (h.score === null || s?.score == null ? "—" : (s.score - h.score).toFixed(1)) },
            ]}
          />
        ) : (
          <p className="muted">{t("noEarlierCampaign")}</p>
        )}
      </section>
    </>
  );
}
