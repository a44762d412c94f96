import { distributionStrips } from "./charts";
import { COLOURS, CONTENT_WIDTH, PAGE, createReport, keyValues, paragraph, section } from "./document";
import { formatPercent, formatScore, labelsFor, pick } from "./labels";
import { methodology, verificationBlock } from "./shared-sections";
import { table, type Column } from "./table";
import { uncertaintySection } from "./uncertainty-section";
import { cohortQualitySection } from "./quality-section";
import { cohortSurveySection } from "./survey-section";
import type { CohortReportData, ConcernScore } from "./types";

const CONCERN_KEYS: ConcernScore["key"][] = ["citizen-engagement", "data-silos", "operability"];

/** The ministry's campaign report: ranking of every signed-off city, distributions, methodology. */
export async function buildCohortReport(data: CohortReportData): Promise<{ pdf: Buffer; pages: number }> {
  const t = labelsFor(data.locale);
  const L = (text: Parameters<typeof pick>[0]) => pick(text, data.locale);
  const { doc, finish } = createReport({
    title: `${t.cohortReportTitle} · ${L(data.campaign.name)}`,
    subject: L(data.campaign.name),
    author: L(data.campaign.ministry),
    keywords: [data.verification.reportId, data.method.frameworkRef, data.verification.resultHash].join(", "),
    issuedAt: new Date(data.issuedAt),
    runningHeader: `${L(data.campaign.name)} · ${t.reportId} ${data.verification.reportId}`,
    footer: (page, pages) => `${t.page(page, pages)}    ${data.verification.reportId}`,
    lang: data.locale === "zh" ? "zh-CN" : "en",
  });

  doc.outline.addItem(L(data.campaign.name));
  doc.rect(0, 0, PAGE.width, 200).fill(COLOURS.accent);
  doc.font("bold").fontSize(24).fillColor("#ffffff").text(t.cohortReportTitle, PAGE.margin, 90, { width: CONTENT_WIDTH });
  doc.font("bold").fontSize(22).fillColor(COLOURS.text).text(L(data.campaign.name), PAGE.margin, 250, { width: CONTENT_WIDTH });
  doc.y += 20;
  keyValues(doc, [
    [t.campaign, `${data.campaign.slug} (${data.campaign.year})`],
    [t.issued, data.issuedAt.slice(0, 10)],
    [t.reportId, data.verification.reportId],
    [t.resultHash, data.verification.resultHash],
  ]);

  section(doc, t.ranking, { newPage: true });
  const ranked = [...data.cities].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code));
  // Fixed columns take 42% of the width; dimensions and concerns share the rest equally.
  const shared = 0.58 / (data.dimensions.length + CONCERN_KEYS.length);
  const columns: Column[] = [
    { header: t.rankingColumns[0]!, width: 0.07, align: "right" },
    { header: t.rankingColumns[1]!, width: 0.17 },
    { header: t.rankingColumns[3]!, width: 0.09, align: "right" },
    ...data.dimensions.map((d): Column => ({ header: d.code, width: shared, align: "right" })),
    ...CONCERN_KEYS.map((k): Column => ({ header: t.concernShort[k], width: shared, align: "right" })),
    { header: t.rankingColumns[4]!, width: 0.09, align: "right" },
  ];
  table(
    doc,
    columns,
    ranked.map((c) => [
      c.rank === null ? t.none : String(c.rank),
      L(c.name),
      formatScore(c.score),
      ...data.dimensions.map((d) => formatScore(c.dimensions[d.code] ?? null)),
      ...CONCERN_KEYS.map((k) => formatScore(c.concerns[k])),
      formatPercent(c.coverage, 0),
    ]),
    { zebra: true },
  );
  if (data.pending.length) {
    paragraph(doc, `${t.pending}: ${data.pending.map((p) => `${L(p.name)} (${p.status})`).join("、")}`, { size: 9, colour: COLOURS.muted });
  }

  section(doc, t.distributions, { newPage: true });
  paragraph(doc, t.distributionNote, { size: 8, colour: COLOURS.muted });
  const valuesOf = (get: (c: (typeof data.cities)[number]) => number | null) => data.cities.map(get).filter((v): v is number => v !== null);
  distributionStrips(doc, [
    { label: t.overall, values: valuesOf((c) => c.score) },
    ...data.dimensions.map((d) => ({ label: `${d.code} ${L(d.name)}`, values: valuesOf((c) => c.dimensions[d.code] ?? null) })),
  ]);
  section(doc, t.concernDistributions);
  distributionStrips(doc, CONCERN_KEYS.map((k) => ({ label: t.concern[k], values: valuesOf((c) => c.concerns[k]) })));

  methodology(doc, data.method, t, data.locale, t.cohortMethod);
  const u = data.uncertainty;
  if (u)
    uncertaintySection(doc, u, t, t.cohortUncertainty, () =>
      table(
        doc,
        [
          { header: t.rangeColumns[0]!, width: 0.12, align: "right" },
          { header: t.rangeColumns[1]!, width: 0.48 },
          { header: t.rangeColumns[2]!, width: 0.18, align: "right" },
          { header: t.rangeColumns[3]!, width: 0.22, align: "right" },
        ],
        [...u.ranges].sort((a, b) => a.rank - b.rank).map((r) => [String(r.rank), L(r.name), String(r.median), r.q5 === r.q95 ? String(r.q5) : `${r.q5}–${r.q95}`]),
        { zebra: true },
      ),
    );
  if (data.survey?.length) cohortSurveySection(doc, data.survey, t, data.locale);
  if (data.quality) cohortQualitySection(doc, data.quality, t, data.locale);
  verificationBlock(doc, data.verification, t, t.cohortVerification);
  return finish();
}
