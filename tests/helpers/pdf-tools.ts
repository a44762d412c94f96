import PDFDocument from "pdfkit";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** poppler-utils (installed by .ci/run): text, page count and a rendered page of a PDF. */
function withFile<T>(pdf: Uint8Array, run: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "zhiping-pdf-"));
  const path = join(dir, "report.pdf");
  writeFileSync(path, pdf);
  return run(path, dir);
}

export const pdfText = (pdf: Uint8Array) => withFile(pdf, (path) => execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], { encoding: "utf8" }));

export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out = withFile(pdf, (path) => execFileSync("pdfinfo", ["-enc", "UTF-8", path], { encoding: "utf8" }));
  return Object.fromEntries(out.split("\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]));
}

export function pdfFonts(pdf: Uint8Array): string {
  return withFile(pdf, (path) => execFileSync("pdffonts", [path], { encoding: "utf8" }));
}

/** Page 1 rendered to PNG at 50 dpi. */
export function renderFirstPage(pdf: Uint8Array): Buffer {
  return withFile(pdf, (path, dir) => {
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", path, join(dir, "page")]);
    const png = readdirSync(dir).find((f) => f.endsWith(".png"))!;
    return readFileSync(join(dir, png));
  });
}

/** A small PDF with the given document information (CreationDate, Title…), made by pdfkit. */
export function pdfWithInfo(info: PDFKit.DocumentInfo, text = "evidence"): Promise<Uint8Array> {
  const doc = new PDFDocument({ info });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  doc.text(text);
  doc.end();
  return done;
}
