import { formatDateTime, localName, localText, termKey, translate, type Locale } from "../i18n";
import type { QualityFlag } from "./flag";

export interface FlagTextContext {
  /** The framework's rule messages by rule id. */
  rules: Record<string, { zh: string; en: string }>;
  /** Names of the other cities a reader may see. */
  cities: Record<string, { name: string; nameEn: string | null }>;
}

/** Figures as people read them: up to four significant digits, no exponent for everyday sizes. */
export const flagFigure = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : Number(x.toPrecision(4)).toString());

/** Why a flag was raised, in the reader's language, with the figures behind it that this reader may see. */
export function flagText(locale: Locale, flag: QualityFlag, context: FlagTextContext): string {
  const d = flag.detail;
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
  const e = flag.evidence;
  switch (flag.kind) {
    case "rule": {
      const message = flag.rule && context.rules[flag.rule];
      return `${message ? localText(locale, message) : ""} (${t("flagRuleFigures", { left: flagFigure(d.left), right: flagFigure(d.right) })})`;
    }
    case "outlier": {
      const own = t("flagOutlier", { z: flagFigure(d.modifiedZ) });
      return d.median === undefined ? own : `${own} ${t("flagOutlierCohort", { median: flagFigure(d.median), mad: flagFigure(d.mad), lower: flagFigure(d.lowerFence), upper: flagFigure(d.upperFence), n: d.cohort ?? 0 })}`;
    }
    case "change":
      return t("flagChange", { previous: flagFigure(d.previous), value: flagFigure(d.value), change: flagFigure((d.change ?? 0) * 100), limit: flagFigure((d.limit ?? 0) * 100) });
    case "unchanged":
      return t("flagUnchanged", { previous: flagFigure(d.previous) });
    case "rangeEdge":
      return t("flagRangeEdge", { lower: flagFigure(d.lower), upper: flagFigure(d.upper) });
    case "evidenceMissing":
      return t("flagEvidenceMissing");
    case "sharedEvidence": {
      const named = (e?.otherCityOrgIds ?? []).map((id) => context.cities[id]).filter((c) => !!c).map((c) => localName(locale, c.name, c.nameEn));
      const hidden = (e?.hiddenOthers ?? 0) + (e?.otherCityOrgIds ?? []).filter((id) => !context.cities[id]).length;
      const cities = named.join(locale === "en" ? ", " : "、");
      if (!named.length) return t("flagSharedHidden", { name: e?.name ?? "", count: hidden });
      return t(hidden ? "flagSharedBoth" : "flagSharedNamed", { name: e?.name ?? "", cities, count: hidden });
    }
    case "lateEvidence":
    case "documentDate":
      return t(flag.kind === "lateEvidence" ? "flagLate" : "flagDocumentDate", { name: e?.name ?? "", at: e?.at ? formatDateTime(locale, e.at) : "—", deadline: e?.deadline ? formatDateTime(locale, e.deadline) : "—" });
  }
}

/** A flag's kind, as the reader calls it. */
export const flagKindText = (locale: Locale, flag: Pick<QualityFlag, "kind">) => translate(locale, termKey("flagKind", flag.kind));
