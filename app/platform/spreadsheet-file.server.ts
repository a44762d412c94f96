import ExcelJS from "exceljs";
import { fileTypeFromBuffer } from "file-type";
import { unzipSync, zipSync } from "fflate";
import { problem, type Problem } from "../features/i18n/index.server";
import { decodeChineseText } from "./text-encoding.server";
import { parseCsv } from "../../indicators";

/**
 * Reading an uploaded spreadsheet safely, whatever it is for: XLSX recognised by its content and
 * unpacked within limits, or text (CSV, JSON) in the encodings Chinese offices save.
 */

export const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "result" in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === "object" && "richText" in value) return value.richText.map((r) => r.text).join("");
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

/** A cell as a plain value: numbers and booleans stay what they are, everything else is its text (null when empty). */
export const cellPlain = (value: ExcelJS.CellValue): string | number | boolean | null => {
  if (typeof value === "object" && value !== null && "result" in value) return cellPlain(value.result as ExcelJS.CellValue);
  if (typeof value === "number" || typeof value === "boolean") return value;
  const text = cellText(value);
  return text === "" ? null : text;
};

const XLSX_MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
const XLSX_MAX_ENTRIES = 500;

class OverLimit extends Error {}

/**
 * The workbook unpacked within limits, before any spreadsheet parser sees it: a 3 MB file that
 * inflates to 400 MB (a zip bomb) is refused from its declared sizes, and each part is inflated
 * into a buffer of its declared size only, so a part that lies about its size cannot grow either.
 * The parts are repacked uncompressed for ExcelJS, which then has nothing left to inflate.
 */
function unpackWithinLimits(bytes: Uint8Array): { archive: Uint8Array } | { problem: Problem } {
  let unpacked = 0;
  let entries = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (++entries > XLSX_MAX_ENTRIES || unpacked > XLSX_MAX_UNPACKED_BYTES) throw new OverLimit();
        return true;
      },
    });
    return { archive: zipSync(files, { level: 0 }) };
  } catch (error) {
    if (error instanceof OverLimit) return { problem: problem("p_importXlsxTooLarge", { limit: "20 MB", entries: XLSX_MAX_ENTRIES }) };
    return { problem: problem("p_importXlsxDamaged") };
  }
}

const hasUtf16Bom = (bytes: Uint8Array) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/** Text of an uploaded file: UTF-8 (with or without BOM) or GBK; anything else is refused. */
export function decodeTextFile(bytes: Uint8Array): { text: string } | { problem: Problem } {
  if (hasUtf16Bom(bytes) || bytes.includes(0)) return { problem: problem("p_importUtf16") };
  const text = decodeChineseText(bytes);
  return text === null ? { problem: problem("p_importNotText") } : { text: text.replace(/^\ufeff/, "") };
}

/** An uploaded file as a workbook (XLSX, recognised by its content) or as text; any other binary type is refused by name. */
export async function readSpreadsheetFile(bytes: Uint8Array): Promise<{ workbook: ExcelJS.Workbook } | { text: string } | { problem: Problem }> {
  if (bytes.length === 0) return { problem: problem("p_importEmpty") };
  // Checked before sniffing: a UTF-16 byte-order mark looks like an MPEG frame header.
  if (hasUtf16Bom(bytes)) return { problem: problem("p_importUtf16") };
  const type = await fileTypeFromBuffer(bytes);
  if (type?.ext === "xlsx") {
    const unpacked = unpackWithinLimits(bytes);
    if ("problem" in unpacked) return unpacked;
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(unpacked.archive.buffer as ArrayBuffer);
    } catch {
      return { problem: problem("p_importXlsxDamaged") };
    }
    return { workbook };
  }
  if (type) return { problem: problem("p_importWrongType", { mime: type.mime }) };
  return decodeTextFile(bytes);
}

/**
 * An uploaded table as rows of trimmed text: the first sheet of an XLSX (`width` cells a row) or a
 * CSV; more than `maxRows` rows (header included) is refused by `tooMany`.
 */
export async function readSheetRows(bytes: Uint8Array, options: { width: number; maxRows: number; tooMany: (rows: number) => Problem }): Promise<{ rows: string[][] } | { problem: Problem }> {
  const read = await readSpreadsheetFile(bytes);
  if ("problem" in read) return read;
  if ("workbook" in read) {
    const sheet = read.workbook.worksheets[0];
    if (!sheet) return { problem: problem("p_importNoSheet") };
    if (sheet.rowCount > options.maxRows) return { problem: options.tooMany(sheet.rowCount) };
    const width = Math.max(sheet.columnCount, options.width);
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value).trim());
    });
    return { rows: Array.from(rows, (r) => r ?? []) };
  }
  try {
    const rows = parseCsv(read.text, "upload");
    if (rows.length > options.maxRows) return { problem: options.tooMany(rows.length) };
    return { rows: rows.map((r) => r.fields.map((f) => f.trim())) };
  } catch (error) {
    return { problem: problem("p_importMalformed", { detail: (error as Error).message }) };
  }
}
