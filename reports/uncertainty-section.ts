import { paragraph, section, subheading, type Doc } from "./document";
import type { Labels } from "./labels";
import { table } from "./table";
import type { ReportUncertainty } from "./types";

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "—");

/** How robust the ranks are: the space the audit varied, what the ranking depends on, and (given) each rank's range. */
export function uncertaintySection(doc: Doc, u: ReportUncertainty, t: Labels, title: string, ranges: () => void) {
  section(doc, title);
  paragraph(doc, t.uncertaintyIntro(u.samples));
  for (const line of u.space) paragraph(doc, `· ${line}`, { size: 9 });
  ranges();
  if (u.sensitivity.length) {
    subheading(doc, t.sensitivity);
    table(
      doc,
      [
        { header: t.uncertainInput, width: 0.5 },
        { header: "Si", width: 0.25, align: "right" },
        { header: "STi", width: 0.25, align: "right" },
      ],
      u.sensitivity.map((s) => [s.input, fixed(s.si), fixed(s.sti)]),
    );
  }
}
