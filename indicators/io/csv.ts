import { ScoringInputError } from "../engine/errors";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 CSV, record by record: quoted fields may hold commas, quotes ("") and line breaks; a BOM
 * is ignored; blank lines are skipped. `visit` gets the record's fields in an array it must not
 * keep (the next record reuses it), so a large file is read without one array per row.
 */
export function eachCsvRecord(text: string, file: string, visit: (fields: string[], line: number) => void): void {
  const end = text.length;
  const fields: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i <= end) {
    const recordLine = line;
    fields.length = 0;
    // One field per turn; `i` is at its first character.
    for (;;) {
      let c = i < end ? text.charCodeAt(i) : -1;
      if (c === QUOTE) {
        let value = "";
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) throw new ScoringInputError("unterminated quoted field", { file, line: recordLine, column: fields.length + 1 });
          for (let k = from; k < close; k++) if (text.charCodeAt(k) === LF) line++;
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        fields.push(value);
        c = i < end ? text.charCodeAt(i) : -1;
        if (c !== COMMA && c !== LF && c !== CR && c !== -1)
          throw new ScoringInputError("unexpected character after closing quote", { file, line, column: fields.length });
      } else {
        const start = i;
        while (c !== COMMA && c !== LF && c !== CR && c !== -1) c = ++i < end ? text.charCodeAt(i) : -1;
        fields.push(text.slice(start, i));
      }
      if (c === COMMA) {
        i++;
        continue;
      }
      // End of record: CR, LF, CRLF or end of text.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === "")) visit(fields, recordLine);
  }
}

/**
 * A field of a byte string (UTF-8 bytes held one byte per character, as Node's "latin1" decoding
 * gives them) as text. CSV's delimiters are ASCII and no byte of a multi-byte UTF-8 character is,
 * so a large file can be split without decoding it first; only its text fields are decoded.
 */
const UTF8 = new TextDecoder();

export function textOfBytes(field: string): string {
  for (let i = 0; i < field.length; i++) if (field.charCodeAt(i) > 0x7f) return UTF8.decode(Uint8Array.from(field, (c) => c.charCodeAt(0)));
  return field;
}

/** The byte string of a UTF-8 file without its byte-order mark. */
export const withoutUtf8Bom = (bytes: string) => (bytes.startsWith("\xef\xbb\xbf") ? bytes.slice(3) : bytes);

/** Every record of a CSV text (see `eachCsvRecord`). */
export function parseCsv(text: string, file = "input"): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(text, file, (fields, line) => records.push({ line, fields: fields.slice() }));
  return records;
}

/** One field as CSV writes it: quoted only when it holds a comma, a quote or a line break. */
export function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** `text` without the zeros that end it, and without a decimal point left bare. */
function withoutTrailingZeros(text: string, end: number): string {
  let k = end;
  while (text.charCodeAt(k - 1) === 48) k--;
  if (text.charCodeAt(k - 1) === 46) k--;
  return text.slice(0, k);
}

/**
 * Full precision as R writes doubles with 17 significant digits (write.csv(digits = 17)):
 * enough to round-trip every double; trailing zeros dropped.
 */
export function formatNumber(v: number): string {
  if (v !== v) return "";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = v.toPrecision(17);
  const e = s.indexOf("e");
  if (e !== -1) return withoutTrailingZeros(s, e) + s.slice(e);
  return s.indexOf(".") === -1 ? s : withoutTrailingZeros(s, s.length);
}
