import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ChartConfiguration } from "chart.js";
import { decide } from "~/features/access";
import { requireCampaign, requirePermission } from "~/features/access/index.server";
import { localName, localText, problem, problemText, termKey, useLocale, useT, ProblemError, type Locale } from "~/features/i18n";
import { checkMarginsFile, freezeSurvey, marginColumnHeader, saveSurveyMargins, scheduleSurvey, surveyOverview, type MarginProblem } from "~/features/survey/index.server";
import { surveyLink, type SurveyOverview } from "~/features/survey";
import { beijingDay, endOfBeijingDay } from "~/features/campaigns/index.server";
import { pageForm, formText, readUploadForm } from "~/platform/request-body.server";
import { formatBytes } from "~/ui/format-bytes";
import type { Db } from "../../db/client";
import { ChartFigure, PALETTE } from "~/ui/chart";

/** The citizen survey of a campaign: its schedule (ministry), each readable city's responses and estimates, its public links and QR codes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  const readable = resource.cohort.filter((c) => decide(user.actor, "read:city-data", { type: "city-data", campaign: resource, cityOrgId: c.cityOrgId }).allowed).map((c) => c.cityOrgId);
  const overview = await scoped((db) => surveyOverview(db, resource.row, readable));
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn, status: resource.status, submissionDeadline: resource.row.submissionDeadline.toISOString() },
    canManage: decide(user.actor, "manage:campaign", resource).allowed,
    overview,
    /** The survey's dates as Beijing calendar days, for the text and the date inputs. */
    dates: overview && { opens: beijingDay(new Date(overview.opensAt)), closes: beijingDay(new Date(overview.closesAt)) },
  };
}

/** Margins for every town of the country, five categories each, fit in a few megabytes. */
const MARGINS_MAX_BYTES = 10 * 1024 * 1024;

/** The margins file: checked in full, then saved for every city in it, or refused with every problem by row. */
async function importMargins(request: Request, campaignId: string, userId: string, locale: Locale, scoped: <T>(work: (db: Db) => Promise<T>) => Promise<T>) {
  const refuse = (status: number, problems: MarginProblem[]) =>
    Response.json({ marginProblems: problems.slice(0, 200).map((p) => ({ row: p.row, column: marginColumnHeader(p.column, locale), message: problemText(locale, p.problem) })), count: problems.length }, { status });
  let form: FormData;
  try {
    form = await readUploadForm(request, MARGINS_MAX_BYTES, problem("p_onboardTooLarge", { limit: formatBytes(MARGINS_MAX_BYTES) }));
  } catch (error) {
    if (error instanceof ProblemError) return refuse(error.status, [{ row: 0, column: "", problem: error.problem }]);
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || !file.size) return refuse(400, [{ row: 0, column: "", problem: problem("p_onboardChooseFile") }]);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const outcome = await scoped(async (db) => {
    const checked = await checkMarginsFile(db, campaignId, bytes);
    if ("problems" in checked) return checked;
    await saveSurveyMargins(db, campaignId, userId, checked.margins, checked.codes);
    return { cities: checked.margins.size };
  });
  if ("problems" in outcome) return refuse(400, outcome.problems);
  return Response.json({ done: "margins" as const, cities: outcome.cities });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  requirePermission(user, "manage:campaign", resource);
  // A margins upload is bounded as a file before any field is read: its intent travels in the address.
  if (new URL(request.url).searchParams.get("intent") === "margins") return importMargins(request, resource.campaignId, user.id, user.locale, scoped);
  const form = await pageForm(request, user.locale);
  const fail = (error: unknown) => {
    if (error instanceof ProblemError) return Response.json({ error: problemText(user.locale, error.problem), field: error.field ?? null }, { status: error.status });
    throw error;
  };
  try {
    switch (formText(form, "intent")) {
      case "schedule": {
        const opens = formText(form, "opensAt");
        const closes = formText(form, "closesAt");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(opens) || !/^\d{4}-\d{2}-\d{2}$/.test(closes)) throw new ProblemError({ key: "p_surveyDatesRequired" }, 400, !/^\d{4}-\d{2}-\d{2}$/.test(opens) ? "opensAt" : "closesAt");
        await scoped((db) => scheduleSurvey(db, resource.campaignId, user.id, { opensAt: new Date(`${opens}T00:00:00+08:00`), closesAt: endOfBeijingDay(closes) }));
        return { done: "scheduled" as const };
      }
      case "freeze": {
        const city = formText(form, "city");
        const outcome = await scoped((db) => freezeSurvey(db, resource.campaignId, user.id, city ? { cityOrgIds: [city] } : {}));
        return { done: "frozen" as const, skipped: outcome.skipped.length };
      }
      default:
        throw new ProblemError({ key: "p_unknownIntent", vars: { intent: formText(form, "intent") } }, 400);
    }
  } catch (error) {
    return fail(error);
  }
}

const number = (x: number | null, digits = 1) => (x === null ? "—" : x.toFixed(digits));

function EstimateCell({ e, minSample }: { e: SurveyOverview["cities"][number]["estimates"]["indicators"][number]; minSample: number }) {
  const t = useT();
  const est = e.estimate;
  return (
    <td>
      <strong>{number(est.value)}</strong>
      {est.lower !== null ? <span className="muted"> [{number(est.lower)}–{number(est.upper)}]</span> : null}
      <br />
      <span className="muted">
        n={est.n}
        {est.weighted ? ` · ${t("surveyWeighted", { neff: est.nEffective.toFixed(0), plain: number(e.unweighted.value) })}` : ""}
      </span>
      {est.belowMinimum ? (
        <>
          <br />
          <span className="badge warn">{t("surveyBelowMinimum", { min: minSample })}</span>
        </>
      ) : null}
      <span className="visually-hidden">{t(termKey("interval", est.method))}</span>
    </td>
  );
}

/** An answer as the form offered it: the Likert words, yes or no, a 0–10 point, or the option's label. */
function useAnswerLabel() {
  const t = useT();
  const locale = useLocale();
  return (question: SurveyOverview["indicators"][number]["questions"][number], value: number | string) => {
    if (question.scale === "likert5") return t(`surveyLikert_${value}` as "surveyLikert_1");
    if (question.scale === "yesno") return t(value ? "surveyYes" : "surveyNo");
    if (question.scale === "choice") return localText(locale, question.options?.find((o) => o.value === value)?.label ?? { zh: String(value), en: String(value) });
    return String(value);
  };
}

export default function CampaignSurveyPage() {
  const { campaign, canManage, overview, dates } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const name = localName(locale, campaign.nameZh, campaign.nameEn);
  const answerLabel = useAnswerLabel();
  const error = acted && "error" in acted ? acted.error : null;
  const belowMinimum = overview?.cities.filter((c) => !c.frozen && c.estimates.indicators.some((e) => e.estimate.belowMinimum)) ?? [];
  const days = [...new Set(overview?.cities.flatMap((c) => c.estimates.daily.map((d) => d.day)) ?? [])].sort();
  const chart: ChartConfiguration = {
    type: "bar",
    data: {
      labels: days,
      datasets: [
        { label: t("surveyCounted"), data: days.map((d) => overview!.cities.reduce((s, c) => s + (c.estimates.daily.find((x) => x.day === d)?.counted ?? 0), 0)), backgroundColor: PALETTE[0] },
        { label: t("surveyExcluded"), data: days.map((d) => overview!.cities.reduce((s, c) => s + (c.estimates.daily.find((x) => x.day === d)?.excluded ?? 0), 0)), backgroundColor: PALETTE[3] },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, ticks: { precision: 0 } } } },
  };
  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.slug}`}>← {t("back")}</Link>
      </p>
      <h1>{t("surveyPageTitle", { campaign: name })}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {acted && "done" in acted ? (
        <p role="status">{acted.done === "margins" ? t("surveyMarginsSaved", { cities: acted.cities }) : t(acted.done === "frozen" ? "surveyFrozenDone" : "surveyScheduledDone")}</p>
      ) : null}
      {acted && "marginProblems" in acted ? (
        <div role="alert">
          <p className="error">{t("surveyMarginsProblems", { count: acted.count })}</p>
          <ul>
            {acted.marginProblems.map((p: { row: number; column: string; message: string }) => (
              <li key={`${p.row}:${p.column}:${p.message}`}>
                {p.row ? `${t("onboardingRow")} ${p.row}${p.column ? ` · ${p.column}` : ""}：` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!overview ? (
        <section className="card">
          <p>{t("surveyNone")}</p>
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="survey-state">
            <h2 id="survey-state">{t(termKey("surveyPhase", overview.phase))}</h2>
            <p>{t("surveyWindow", { opens: dates!.opens, closes: dates!.closes })}</p>
            <ul>
              {overview.indicators.map((i) => (
                <li key={i.code}>
                  <strong>{i.code}</strong> {localText(locale, i.name)} · {t(termKey("estimator", i.estimator))} · {t("surveyPlan", { min: i.minSample, margin: i.targetMargin })}
                </li>
              ))}
            </ul>
            {overview.quotas.length ? <p className="muted">{t("surveyQuotas", { quotas: overview.quotas.map((q) => localText(locale, q.label)).join(locale === "en" ? ", " : "、") })}</p> : <p className="muted">{t("surveyNoQuotas")}</p>}
          </section>
          {days.length ? <ChartFigure title={t("surveyChartTitle")} config={chart} height={220} testId="survey-chart" table={<p className="muted">{t("surveyChartTable", { days: days.length })}</p>} /> : null}
          <section className="card" aria-labelledby="survey-cities">
            <h2 id="survey-cities">{t("surveyByCity")}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("city")}</th>
                    <th scope="col">{t("surveyResponses")}</th>
                    {overview.indicators.map((i) => (
                      <th key={i.code} scope="col">
                        {i.code}
                      </th>
                    ))}
                    <th scope="col">{t("surveyLinks")}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.cities.map((c) => {
                    const link = surveyLink(campaign.slug, c.code);
                    const excluded = Object.entries(c.estimates.excluded);
                    return (
                      <tr key={c.cityOrgId}>
                        <th scope="row">
                          {localName(locale, c.name, c.nameEn)}
                          {c.frozen ? (
                            <>
                              <br />
                              <span className="badge">{t("surveyCityFrozen")}</span>
                            </>
                          ) : null}
                        </th>
                        <td>
                          {t("surveyCountedOf", { counted: c.estimates.counted, received: c.estimates.received })}
                          {excluded.length ? (
                            <>
                              <br />
                              <span className="muted">{excluded.map(([reason, n]) => `${t(termKey("exclusion", reason))} ${n}`).join(locale === "en" ? ", " : "，")}</span>
                            </>
                          ) : null}
                          {c.estimates.weightingProblem ? (
                            <>
                              <br />
                              <span className="muted">{t("surveyUnweighted")}</span>
                            </>
                          ) : null}
                        </td>
                        {c.estimates.indicators.map((e) => (
                          <EstimateCell key={e.code} e={e} minSample={overview.indicators.find((i) => i.code === e.code)!.minSample} />
                        ))}
                        <td>
                          <a href={link}>{t("surveyOpenLink")}</a> · <a href={`${link}/qr.svg`}>{t("surveyQrSvg")}</a> · <a href={`${link}/qr.png`} download>{t("surveyQrPng")}</a> ·{" "}
                          <a href={`/campaigns/${campaign.slug}/survey/${c.code}/responses.csv`} download>
                            {t("surveyRawCsv")}
                          </a>{" "}
                          · <a href={`/campaigns/${campaign.slug}/survey/${c.code}/responses.xlsx`} download>
                            {t("surveyRawXlsx")}
                          </a>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="muted">{t("surveyMethodNote")}</p>
          </section>
          <section className="card" aria-labelledby="survey-questions">
            <h2 id="survey-questions">{t("surveyByQuestion")}</h2>
            <p className="muted">{t("surveyByQuestionNote")}</p>
            {overview.cities.map((c) => (
              <details key={c.cityOrgId}>
                <summary>
                  {localName(locale, c.name, c.nameEn)} · {t("surveyCountedOf", { counted: c.estimates.counted, received: c.estimates.received })}
                </summary>
                {c.estimates.indicators.map((e) => {
                  const indicator = overview.indicators.find((i) => i.code === e.code)!;
                  return e.questions.map((q) => {
                    const question = indicator.questions.find((x) => x.id === q.id)!;
                    const answered = q.counts.reduce((n, a) => n + a.count, 0);
                    return (
                      <div className="table-wrap" key={`${e.code}:${q.id}`}>
                        <table className="answer-distribution">
                          <caption>
                            {e.code} · {localText(locale, question.text)}
                          </caption>
                          <thead>
                            <tr>
                              {q.counts.map((a) => (
                                <th key={String(a.value)} scope="col">
                                  {answerLabel(question, a.value)}
                                </th>
                              ))}
                              <th scope="col">{t("surveyUnanswered")}</th>
                            </tr>
                          </thead>
                          <tbody>
                            <tr>
                              {q.counts.map((a) => (
                                <td key={String(a.value)}>
                                  {a.count}
                                  {answered ? <span className="muted"> ({Math.round((a.count / answered) * 100)}%)</span> : null}
                                </td>
                              ))}
                              <td>{q.unanswered}</td>
                            </tr>
                          </tbody>
                        </table>
                      </div>
                    );
                  });
                })}
              </details>
            ))}
          </section>
        </>
      )}
      {canManage && campaign.status !== "closed" && !overview?.frozenAt ? (
        <section className="card" aria-labelledby="survey-manage">
          <h2 id="survey-manage">{t("surveyManage")}</h2>
          <Form method="post" action={`/campaigns/${campaign.slug}/survey`} className="inline-form">
            <input type="hidden" name="intent" value="schedule" />
            <label>
              {t("surveyOpensAt")} <input type="date" name="opensAt" required defaultValue={dates?.opens} />
            </label>{" "}
            <label>
              {t("surveyClosesAt")} <input type="date" name="closesAt" required defaultValue={dates?.closes} />
            </label>{" "}
            <button type="submit">{t("surveySchedule")}</button>
          </Form>
          {overview && overview.quotas.length ? (
            <Form method="post" action={`/campaigns/${campaign.slug}/survey?intent=margins`} encType="multipart/form-data" className="stack">
              <h3>{t("surveyMarginsTitle")}</h3>
              <p className="muted">{t("surveyMarginsHint", { quotas: overview.quotas.map((q) => `${q.id} ${localText(locale, q.label)}`).join(locale === "en" ? "; " : "；") })}</p>
              <label htmlFor="margins-file">{t("surveyMarginsFile")}</label>
              <input id="margins-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
              <div>
                <button type="submit">{t("surveyMarginsUpload")}</button>
              </div>
            </Form>
          ) : null}
          {overview && overview.phase !== "scheduled" && campaign.status === "open" ? (
            <details className="confirm">
              <summary>{t("surveyFreeze")}</summary>
              <p>{t("surveyFreezeWarning")}</p>
              {belowMinimum.length ? <p className="error">{t("surveyFreezeBelowMinimum", { cities: belowMinimum.map((c) => localName(locale, c.name, c.nameEn)).join(locale === "en" ? ", " : "、") })}</p> : null}
              <Form method="post" action={`/campaigns/${campaign.slug}/survey`}>
                <input type="hidden" name="intent" value="freeze" />
                <label>
                  {t("surveyFreezeWhich")}{" "}
                  <select name="city" defaultValue="">
                    <option value="">{t("surveyFreezeAll")}</option>
                    {overview.cities
                      .filter((c) => !c.frozen)
                      .map((c) => (
                        <option key={c.cityOrgId} value={c.cityOrgId}>
                          {localName(locale, c.name, c.nameEn)}
                        </option>
                      ))}
                  </select>
                </label>{" "}
                <button type="submit" className="danger">
                  {t("surveyFreezeConfirm")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
