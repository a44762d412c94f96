import type { FrameworkProblem, SheetProblem } from "../../../indicators";
import { termKey, translate, type Locale } from "../i18n";

/** What is wrong, in the reader's language (a problem's code and variables; a language variable is named, not coded). */
export function problemWhat(locale: Locale, p: Pick<FrameworkProblem, "code" | "vars">): string {
  const vars = { ...p.vars };
  if (vars.language === "zh" || vars.language === "en") vars.language = translate(locale, termKey("language", vars.language));
  return translate(locale, termKey("fp", p.code), vars);
}

/** Where it is: sheet, row and column of a workbook or CSV; the field path of a JSON document. */
export function problemWhere(locale: Locale, p: Partial<Pick<SheetProblem, "sheet" | "row" | "column">>): string {
  if (p.sheet && p.row && p.column) return translate(locale, "sheetRowColumn", { sheet: p.sheet, row: p.row, column: p.column });
  if (p.sheet && p.column) return translate(locale, "sheetColumn", { sheet: p.sheet, column: p.column });
  if (p.sheet) return translate(locale, "sheetOnly", { sheet: p.sheet });
  return translate(locale, "wholeFile");
}
