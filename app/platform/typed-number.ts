/**
 * A number as people type it: with a Chinese IME (full-width digits and punctuation, 。 for the
 * decimal point), with thousands separators, with a trailing percent sign. Shared by the browser
 * (so a field shows the same error before and after a save) and the server.
 *
 * Returns null for an empty field, undefined for text that is not a number.
 */
export function parseTypedNumber(typed: string): number | null | undefined {
  // NFKC folds full-width forms (６５．５，－％) to ASCII; the rest are marks NFKC leaves alone.
  let text = typed
    .normalize("NFKC")
    .replace(/[\u3002\uFF61]/g, ".")
    .replace(/[\u2212\u2012\u2013\uFE63]/g, "-")
    .replace(/[\s\u00A0\u2009\u202F]/g, "");
  if (text === "") return null;
  if (text.endsWith("%")) text = text.slice(0, -1);
  // Thousands separators only where they group by three, so "1,5" (a decimal comma?) is not guessed at.
  if (text.includes(",")) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return undefined;
    text = text.replace(/,/g, "");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
