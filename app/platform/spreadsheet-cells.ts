/**
 * Text a spreadsheet would run as a formula when it opens an export (CSV injection): a cell that
 * starts with = + - @, a tab or a carriage return. Such text is written with a leading apostrophe,
 * which spreadsheets show as text; an import of our own template takes the apostrophe off again.
 */
// Text that already starts with apostrophes before such a character gets one more, so that taking
// one off on import always gives back what was written ("'@" stays "'@", not "@").
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export const restoreNeutralised = (text: string): string => (NEUTRALISED.test(text) ? text.slice(1) : text);
