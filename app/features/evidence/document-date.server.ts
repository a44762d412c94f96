import { unzipSync } from "fflate";

/** core.xml is a few hundred bytes; anything claiming more is not read. */
const CORE_XML_MAX = 256 * 1024;

/** A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`, every part after the year optional) as an instant; local time without an offset is read as UTC. */
function pdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?)?/.exec(text);
  if (!m) return null;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = m;
  const offset = sign === "+" || sign === "-" ? (sign === "+" ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000;
  return Number.isFinite(at) ? new Date(at) : null;
}

/** The Info dictionary's /CreationDate, or the XMP packet's xmp:CreateDate, where the file keeps them uncompressed (as almost every producer does). */
function pdfCreated(bytes: Uint8Array): Date | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const info = /\/CreationDate\s*\((D:[^)]*)\)/.exec(text);
  if (info) return pdfDate(info[1]!);
  // Often an indirect object: /CreationDate 11 0 R … 11 0 obj (D:…) endobj
  const ref = /\/CreationDate\s+(\d+)\s+(\d+)\s+R/.exec(text);
  const target = ref && new RegExp(`(?:^|[\\r\\n\\s])${ref[1]}\\s+${ref[2]}\\s+obj\\s*\\((D:[^)]*)\\)`).exec(text);
  if (target) return pdfDate(target[1]!);
  const xmp = /<xmp:CreateDate>([^<]+)<\/xmp:CreateDate>/.exec(text);
  const at = xmp ? new Date(xmp[1]!.trim()) : null;
  return at && Number.isFinite(at.getTime()) ? at : null;
}

/** docProps/core.xml's dcterms:created of a DOCX or XLSX. */
function officeCreated(bytes: Uint8Array): Date | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === "docProps/core.xml" && f.originalSize <= CORE_XML_MAX });
  } catch {
    return null;
  }
  const core = files["docProps/core.xml"];
  if (!core) return null;
  const m = /<dcterms:created[^>]*>([^<]+)<\/dcterms:created>/.exec(new TextDecoder().decode(core));
  const at = m ? new Date(m[1]!.trim()) : null;
  return at && Number.isFinite(at.getTime()) ? at : null;
}

const OFFICE = new Set(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]);

/**
 * When a document says it was created, from its own metadata: a PDF's creation date, a DOCX's or
 * XLSX's dcterms:created. Null for other types and for files without one. Kept with the evidence,
 * so a document dated after the deadline it was meant for can be flagged.
 */
export function documentCreatedAt(bytes: Uint8Array, contentType: string): Date | null {
  if (contentType === "application/pdf") return pdfCreated(bytes);
  if (OFFICE.has(contentType)) return officeCreated(bytes);
  return null;
}
