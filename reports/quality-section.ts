import { paragraph, section, subheading, type Doc } from "./document";
import { pick, type Labels } from "./labels";
import { table } from "./table";
import type { CityReportData, CohortReportData, ReportLocale } from "./types";

/** The city's data-quality section: every flag the checks raised on its submission and how each was dealt with. */
export function cityQualitySection(doc: Doc, quality: NonNullable<CityReportData["quality"]>, t: Labels) {
  section(doc, t.quality);
  paragraph(doc, t.qualityIntro, { size: 9 });
  paragraph(doc, quality.declaration);
  if (!quality.total) return paragraph(doc, t.qualityNone);
  paragraph(doc, t.qualitySummary(quality));
  const [indicators, check, why, outcome] = t.qualityColumns;
  table(
    doc,
    [
      { header: indicators!, width: 0.14 },
      { header: check!, width: 0.16 },
      { header: why!, width: 0.42 },
      { header: outcome!, width: 0.28 },
    ],
    quality.items.map((i) => [i.indicators, i.check, i.why, i.note ? `${i.status}\n${i.note}` : i.status]),
    { zebra: true },
  );
}

/** The cohort report's data-quality section: flags per city and per kind of check. */
export function cohortQualitySection(doc: Doc, quality: NonNullable<CohortReportData["quality"]>, t: Labels, locale: ReportLocale) {
  section(doc, t.quality);
  paragraph(doc, t.qualityIntro, { size: 9 });
  paragraph(doc, quality.total ? t.qualitySummary(quality) : t.qualityNone);
  if (!quality.total) return;
  const [city, flags, resolved, explained, open] = t.qualityCityColumns;
  const counts = (q: { total: number; resolved: number; explained: number; open: number }) => [String(q.total), String(q.resolved), String(q.explained), String(q.open)];
  const columns = (first: string) => [
    { header: first, width: 0.4 },
    { header: flags!, width: 0.15, align: "right" as const },
    { header: resolved!, width: 0.15, align: "right" as const },
    { header: explained!, width: 0.15, align: "right" as const },
    { header: open!, width: 0.15, align: "right" as const },
  ];
  table(doc, columns(city!), quality.cities.map((c) => [`${pick(c.name, locale)} (${c.code})`, ...counts(c)]), { zebra: true });
  subheading(doc, t.qualityKinds);
  table(doc, columns(t.qualityColumns[1]!), quality.kinds.map((k) => [k.check, ...counts(k)]), { zebra: true });
}
