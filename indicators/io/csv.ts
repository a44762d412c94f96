import { ScoringInputError } from "../engine/errors";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a BOM is ignored. */
export function parseCsv(text: string, file = "input"): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = "";
  let recordLine = 1;
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    fields.push(field);
    field = "";
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "" && !afterQuote) quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (afterQuote)
      throw new ScoringInputError(`unexpected character after closing quote`, { file, line, column: fields.length + 1 });
    else field += ch;
  }
  if (quoted) throw new ScoringInputError("unterminated quoted field", { file, line: recordLine, column: fields.length + 1 });
  endRecord();
  return records;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(",")).join("\n") + "\n";
}

/**
 * Full precision as R writes doubles with 17 significant digits (write.csv(digits = 17)):
 * enough to round-trip every double; trailing zeros dropped.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = v.toPrecision(17);
  if (s.includes("e")) {
    const [mantissa, exponent] = s.split("e");
    return `${mantissa!.replace(/\.?0+$/, "")}e${exponent}`;
  }
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
