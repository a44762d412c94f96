import type { QualityGrade, ValueOrigin } from "../../../db/schema";
import { termKey, translate, type Locale } from "../i18n";

/** The choices of a value's data-quality declaration, in the order the form offers them (the schema's checks list the same). */
export const ORIGIN_CHOICES = ["department", "system", "survey", "estimate"] as const satisfies readonly ValueOrigin[];
export const GRADE_CHOICES = ["measured", "derived", "estimated", "extrapolated"] as const satisfies readonly QualityGrade[];

/** The city's data-quality line: how many values are measured, derived, estimated…, and how many are not declared. */
export function declarationLine(locale: Locale, values: readonly { qualityGrade: string | null }[]): string {
  const counts = GRADE_CHOICES.map((g) => [g, values.filter((v) => v.qualityGrade === g).length] as const).filter(([, n]) => n > 0);
  const separator = locale === "en" ? ", " : "，";
  const text = counts.map(([g, n]) => `${translate(locale, termKey("qualityGrade", g))} ${n}`).join(separator) || "—";
  return translate(locale, "declarationSummary", { counts: text, undeclared: values.filter((v) => !v.qualityGrade).length });
}
