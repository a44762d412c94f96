import { COLOURS, keyValues, paragraph, section, subheading, type Doc } from "./document";
import { formatPercent, pick, type Labels } from "./labels";
import { table } from "./table";
import type { ReportLocale, ReportMethod, Verification } from "./types";

/** The methodology appendix, identical in city and cohort reports. */
export function methodology(doc: Doc, method: ReportMethod, t: Labels, locale: ReportLocale, title: string) {
  section(doc, title);
  keyValues(doc, [
    [t.framework, `${pick(method.frameworkName, locale)} (${method.frameworkRef})`],
    [t.engine, method.engineVersion],
    [t.normalisation, method.normalisation],
    [t.aggregation, method.aggregation],
    [t.imputation, method.imputation],
    [t.dataThreshold, t.dataThresholdText(method.dataThreshold)],
  ]);
  subheading(doc, t.weights);
  table(
    doc,
    [
      { header: t.dimension, width: 0.6 },
      { header: "w", width: 0.2, align: "right" },
      { header: "%", width: 0.2, align: "right" },
    ],
    method.weights.map((w) => [`${w.code} ${pick(w.name, locale)}`, String(w.weight), formatPercent(w.share)]),
  );
}

export function verificationBlock(doc: Doc, v: Verification, t: Labels, title: string) {
  section(doc, title);
  paragraph(doc, t.verifyText);
  doc.moveDown(0.4);
  keyValues(doc, [
    [t.reportId, v.reportId],
    [t.resultHash, v.resultHash],
    [t.verifyUrl, v.url],
  ]);
  doc.fillColor(COLOURS.text);
}
