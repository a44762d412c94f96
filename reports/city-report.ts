import { uncertaintySection } from "./uncertainty-section";
import { cityQualitySection } from "./quality-section";
import { citySurveySection } from "./survey-section";
import { radarChart, barChart } from "./charts";
import { COLOURS, createReport, keyValues, paragraph, section, subheading, PAGE, CONTENT_WIDTH, type Doc } from "./document";
import { formatPercent, formatScore, formatValue, labelsFor, pick, type Labels } from "./labels";
import { methodology, verificationBlock } from "./shared-sections";
import { table } from "./table";
import type { CityReportData, IndicatorLine } from "./types";

/** The city audit report: same sections in the same order for every city of a campaign. */
export async function buildCityReport(data: CityReportData): Promise<{ pdf: Buffer; pages: number }> {
  const t = labelsFor(data.locale);
  const L = (text: Parameters<typeof pick>[0]) => pick(text, data.locale);
  const cityName = L(data.city.name);
  const { doc, finish } = createReport({
    title: `${t.cityReportTitle} · ${cityName}`,
    subject: `${L(data.campaign.name)} · ${cityName} (${data.city.code})`,
    author: L(data.agency),
    keywords: [data.verification.reportId, data.method.frameworkRef, data.verification.resultHash].join(", "),
    issuedAt: new Date(data.issuedAt),
    runningHeader: `${L(data.campaign.name)} · ${cityName} · ${t.reportId} ${data.verification.reportId}`,
    footer: (page, pages) => `${t.page(page, pages)}    ${data.verification.reportId}`,
    lang: data.locale === "zh" ? "zh-CN" : "en",
  });

  cover(doc, data, t, L);
  summary(doc, data, t, L);
  dimensions(doc, data, t, L);
  indicatorTable(doc, data, t, L);
  findings(doc, data, t, L);
  if (data.survey) citySurveySection(doc, data.survey, t, data.locale);
  if (data.quality) cityQualitySection(doc, data.quality, t);
  strengths(doc, data, t, L);
  methodology(doc, data.method, t, data.locale, t.method);
  const u = data.uncertainty;
  if (u) uncertaintySection(doc, u, t, t.cityUncertainty, () => u.range && paragraph(doc, t.cityRange(u.range.rank, u.range.q5, u.range.q95)));
  signOff(doc, data, t);
  verificationBlock(doc, data.verification, t, t.verification);
  return finish();
}

type Pick = (text: Parameters<typeof pick>[0]) => string;
const day = (iso: string) => iso.slice(0, 10);

function cover(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  doc.outline.addItem(L(data.city.name));
  doc.rect(0, 0, PAGE.width, 230).fill(COLOURS.accent);
  doc.font("bold").fontSize(13).fillColor("#ffffff").text(L(data.campaign.name), PAGE.margin, 90, { width: CONTENT_WIDTH });
  doc.font("bold").fontSize(24).text(t.cityReportTitle, PAGE.margin, 120, { width: CONTENT_WIDTH });
  doc.font("bold").fontSize(30).fillColor(COLOURS.text).text(L(data.city.name), PAGE.margin, 280, { width: CONTENT_WIDTH });
  doc.font("regular").fontSize(11).fillColor(COLOURS.muted).text(`${data.city.province ?? ""} ${data.city.code}`.trim(), PAGE.margin, doc.y + 4);
  doc.y = 380;
  keyValues(doc, [
    [t.campaign, `${L(data.campaign.name)} (${data.campaign.year})`],
    [t.agency, L(data.agency)],
    ...(data.secondAgency ? ([[t.secondAgency, L(data.secondAgency)]] as [string, string][]) : []),
    [t.issued, day(data.issuedAt)],
    [t.reportId, data.verification.reportId],
    [t.resultHash, data.verification.resultHash],
  ]);
}

function rankBand(rank: number | null, of: number, t: Labels): string {
  if (rank === null || of === 0) return t.none;
  const quartile = Math.min(3, Math.floor(((rank - 1) / of) * 4));
  return t.bands[quartile]!;
}

function summary(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  section(doc, t.summary, { newPage: true });
  const { score, rank, of } = data.overall;
  const y = doc.y;
  const box = (x: number, label: string, value: string) => {
    doc.rect(x, y, 150, 62).fill(COLOURS.fill);
    doc.font("regular").fontSize(9).fillColor(COLOURS.muted).text(label, x + 10, y + 8, { width: 130 });
    const size = doc.font("bold").fontSize(20).widthOfString(value) > 130 ? 15 : 20;
    doc.font("bold").fontSize(size).fillColor(COLOURS.text).text(value, x + 10, y + 26, { width: 130, lineBreak: false });
  };
  box(PAGE.margin, t.overall, formatScore(score));
  box(PAGE.margin + 161, t.rank, rank === null ? t.none : t.rankOf(rank, of));
  box(PAGE.margin + 322, t.band, rankBand(rank, of, t));
  doc.y = y + 76;
  subheading(doc, t.concerns);
  table(
    doc,
    [
      { header: t.dimension, width: 0.5 },
      { header: t.score, width: 0.25, align: "right" },
      { header: t.rank, width: 0.25, align: "right" },
    ],
    data.concerns.map((c) => [t.concern[c.key], formatScore(c.score), c.rank === null ? t.none : t.rankOf(c.rank, of)]),
  );
  paragraph(doc, `${t.city}: ${L(data.city.name)} · ${t.framework}: ${L(data.method.frameworkName)} (${data.method.frameworkRef})`, { size: 9, colour: COLOURS.muted });
}

function dimensions(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  section(doc, t.dimensions);
  radarChart(
    doc,
    data.dimensions.map((d) => L(d.name)),
    [
      { label: t.radarLegend[0]!, values: data.dimensions.map((d) => d.score), colour: COLOURS.series[0] },
      { label: t.radarLegend[1]!, values: data.dimensions.map((d) => d.cohortMedian), colour: COLOURS.series[1], dash: true },
      { label: t.radarLegend[2]!, values: data.dimensions.map((d) => d.best), colour: COLOURS.series[2], dash: true },
    ],
  );
  table(
    doc,
    [
      { header: t.dimension, width: 0.4 },
      { header: t.score, width: 0.15, align: "right" },
      { header: t.rank, width: 0.15, align: "right" },
      { header: t.median, width: 0.15, align: "right" },
      { header: t.best, width: 0.15, align: "right" },
    ],
    data.dimensions.map((d) => [`${d.code} ${L(d.name)}`, formatScore(d.score), d.rank === null ? t.none : String(d.rank), formatScore(d.cohortMedian), formatScore(d.best)]),
    { zebra: true },
  );
}

function indicatorTable(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  section(doc, t.indicators);
  const [code, name, submitted, reviewed, score, weight, points, evidence] = t.indicatorColumns;
  table(
    doc,
    [
      { header: code!, width: 0.08 },
      { header: name!, width: 0.28 },
      { header: submitted!, width: 0.1, align: "right" },
      { header: reviewed!, width: 0.1, align: "right" },
      { header: score!, width: 0.14, align: "right" },
      { header: weight!, width: 0.09, align: "right" },
      { header: points!, width: 0.09, align: "right" },
      { header: evidence!, width: 0.12 },
    ],
    data.indicators.map((i) => [
      i.code,
      `${L(i.name)}${L(i.unit) ? ` (${L(i.unit)})` : ""}`,
      formatValue(i.submitted),
      `${formatValue(i.reviewed)}${i.decision && i.decision !== "accepted" ? `\n${t.decision[i.decision]}` : ""}`,
      formatScore(i.score),
      formatPercent(i.weight),
      formatScore(i.contribution, 2),
      t.evidence[i.evidence],
    ]),
    { zebra: true },
  );
}

function findings(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  section(doc, t.findings);
  if (!data.findings.length) paragraph(doc, t.noFindings);
  for (const f of data.findings) {
    subheading(doc, `${f.indicator} ${L(f.indicatorName)} · ${f.kind === "adjusted" ? t.adjusted : t.returnedFinding}`);
    paragraph(doc, `${f.reason} (${f.by})`);
  }
  subheading(doc, t.history);
  const [at, event, by, note] = t.historyColumns;
  table(
    doc,
    [
      { header: at!, width: 0.22 },
      { header: event!, width: 0.2 },
      { header: by!, width: 0.2 },
      { header: note!, width: 0.38 },
    ],
    data.history.map((h) => [h.at.slice(0, 16).replace("T", " "), t.actions[h.action] ?? h.action, h.actor, h.reason ?? ""]),
  );
}

function strengths(doc: Doc, data: CityReportData, t: Labels, L: Pick) {
  section(doc, t.strengths);
  const scored = data.indicators.filter((i): i is IndicatorLine & { score: number } => i.score !== null);
  const byScore = [...scored].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  subheading(doc, t.strengthsTitle);
  barChart(doc, byScore.slice(0, 5).map((i) => ({ label: `${i.code} ${L(i.name)}`, value: i.score })), { colour: COLOURS.series[2] });
  subheading(doc, t.improvementsTitle);
  barChart(doc, byScore.slice(-5).reverse().map((i) => ({ label: `${i.code} ${L(i.name)}`, value: i.score })), { colour: COLOURS.series[5] });
}

function signOff(doc: Doc, data: CityReportData, t: Labels) {
  section(doc, t.signOff);
  keyValues(doc, [
    [t.lead, data.signOff.lead],
    [t.signedAt, data.signOff.at.slice(0, 16).replace("T", " ")],
    [t.assessors, data.signOff.assessors.join("、") || t.none],
  ]);
}
