import { fileTypeFromBuffer } from "file-type";
import { formatBytes } from "../../ui/format-bytes";
import { problem, type Problem } from "../i18n/index.server";
import { decodeChineseText } from "../../platform/text-encoding.server";
import { getEnv } from "../../platform/env.server";

/** The upload limit: EVIDENCE_MAX_BYTES, 25 MB by default. */
export const evidenceMaxBytes = (env = getEnv()): number => env.EVIDENCE_MAX_BYTES;

/** What evidence may be, by content type detected from the bytes. */
export const EVIDENCE_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "text/csv": "CSV",
};

export type Inspection = { ok: true; contentType: string } | { ok: false; tooLarge: boolean; problem: Problem };

const ACCEPTED = Object.values(EVIDENCE_TYPES).join(", ");

/**
 * CSV has no signature: it is text (UTF-8, or GBK as Chinese spreadsheets often save it) without
 * control characters other than tab and line breaks.
 */
function looksLikeCsvText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  return decodeChineseText(bytes) !== null;
}

/**
 * Decides what an uploaded file is from its bytes: the name and the browser's claimed type are
 * never trusted (a renamed executable stays an executable). CSV is recognised as text only when
 * its name says .csv, since plain text has no signature.
 */
export async function inspectEvidence(fileName: string, bytes: Uint8Array, maxBytes = evidenceMaxBytes()): Promise<Inspection> {
  if (bytes.length === 0) return { ok: false, tooLarge: false, problem: problem("p_evidenceEmpty", { name: fileName }) };
  if (bytes.length > maxBytes) return { ok: false, tooLarge: true, problem: problem("p_evidenceTooLarge", { name: fileName, size: formatBytes(bytes.length), limit: formatBytes(maxBytes) }) };
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (EVIDENCE_TYPES[detected.mime]) return { ok: true, contentType: detected.mime };
    return { ok: false, tooLarge: false, problem: problem("p_evidenceWrongType", { name: fileName, mime: detected.mime, ext: detected.ext, accepted: ACCEPTED }) };
  }
  if (/\.csv$/i.test(fileName) && looksLikeCsvText(bytes)) return { ok: true, contentType: "text/csv" };
  return { ok: false, tooLarge: false, problem: problem("p_evidenceNotAccepted", { name: fileName, accepted: ACCEPTED }) };
}
