import { paragraph, section, subheading, type Doc } from "./document";
import { formatScore, pick, type Labels } from "./labels";
import { table } from "./table";
import type { CityReportData, CohortReportData, ReportLocale, ReportSurveyEstimate } from "./types";

const interval = (e: ReportSurveyEstimate) => (e.lower === null || e.upper === null ? "—" : `${formatScore(e.lower)}–${formatScore(e.upper)}`);

/** The city's citizen-survey section: each survey-sourced indicator's estimate, interval and sample, and what was set aside. */
export function citySurveySection(doc: Doc, survey: NonNullable<CityReportData["survey"]>, t: Labels, locale: ReportLocale) {
  section(doc, t.survey);
  paragraph(doc, t.surveyIntro, { size: 9 });
  if (!survey.indicators.length) return paragraph(doc, t.surveyNone);
  const [code, indicator, estimate, ci, n, notes] = t.surveyColumns;
  table(
    doc,
    [
      { header: code!, width: 0.1 },
      { header: indicator!, width: 0.3 },
      { header: estimate!, width: 0.12, align: "right" },
      { header: ci!, width: 0.16, align: "right" },
      { header: n!, width: 0.1, align: "right" },
      { header: notes!, width: 0.22 },
    ],
    survey.indicators.map((e) => [e.code, pick(e.name, locale), formatScore(e.value), interval(e), String(e.n), [e.weighted ? t.surveyWeighted : "", e.belowMinimum ? t.surveyBelowMinimum(e.minSample) : ""].filter(Boolean).join("；")]),
    { zebra: true },
  );
  if (survey.sha256) paragraph(doc, t.surveyCityNotes({ received: survey.received, excluded: survey.excluded, sha256: survey.sha256 }), { size: 8 });
}

/** The cohort report's citizen-survey section: per indicator, the cities in order with their intervals and whether each overlaps the next. */
export function cohortSurveySection(doc: Doc, survey: NonNullable<CohortReportData["survey"]>, t: Labels, locale: ReportLocale) {
  section(doc, t.survey);
  paragraph(doc, t.surveyCohortIntro, { size: 9 });
  const [city, estimate, ci, n, next] = t.surveyCohortColumns;
  for (const ind of survey) {
    subheading(doc, `${ind.code} ${pick(ind.name, locale)}`);
    const ordered = ind.cities.filter((c) => c.value !== null).sort((a, b) => b.value! - a.value! || a.code.localeCompare(b.code));
    table(
      doc,
      [
        { header: city!, width: 0.36 },
        { header: estimate!, width: 0.14, align: "right" },
        { header: ci!, width: 0.2, align: "right" },
        { header: n!, width: 0.1, align: "right" },
        { header: next!, width: 0.2 },
      ],
      ordered.map((c, i) => {
        const following = ordered[i + 1];
        const overlap = following && c.lower !== null && following.upper !== null ? (c.lower <= following.upper ? t.surveyOverlaps : t.surveySeparate) : t.none;
        return [`${pick(c.name, locale)} (${c.code})${c.belowMinimum ? ` *` : ""}`, formatScore(c.value), interval(c), String(c.n), overlap];
      }),
      { zebra: true },
    );
    const below = ordered.filter((c) => c.belowMinimum);
    if (below.length) paragraph(doc, `* ${t.surveyBelowMinimum(below[0]!.minSample)}`, { size: 8 });
  }
}
