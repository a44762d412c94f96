import PDFDocument from "pdfkit";
import { reportFonts } from "./fonts";

export const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
export const COLOURS = {
  text: "#1f2933",
  muted: "#5f6b7a",
  rule: "#c9d1db",
  accent: "#0b5cab",
  fill: "#eef3f9",
  // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
  series: ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"],
} as const;

export interface ReportMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** Fixed creation date: part of the bytes, so it comes from the inputs, not the clock. */
  issuedAt: Date;
  runningHeader: string;
  footer: (page: number, pages: number) => string;
  lang: string;
}

export type Doc = PDFKit.PDFDocument;

/** A pdfkit document set up for reports; `finish()` stamps headers and page numbers and returns the bytes. */
export function createReport(meta: ReportMeta) {
  const fonts = reportFonts();
  const doc = new PDFDocument({
    // No Helvetica: pdfkit would parse its metrics for every document, and reports set their own font first.
    font: null as unknown as string,
    size: "A4",
    margins: { top: PAGE.margin + 10, bottom: PAGE.margin + 6, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    compress: true,
    lang: meta.lang,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: "Zhiping (智评)",
      Producer: "Zhiping reports on PDFKit",
      CreationDate: meta.issuedAt,
      ModDate: meta.issuedAt,
    },
  });
  // pdfkit accepts a parsed fontkit font (anything with layout()); its typings only list files.
  doc.registerFont("regular", fonts.regular as unknown as Buffer);
  doc.registerFont("bold", fonts.bold as unknown as Buffer);
  doc.font("regular").fontSize(10).fillColor(COLOURS.text);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  async function finish(): Promise<{ pdf: Buffer; pages: number }> {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      stampPage(doc, meta, i + 1, range.count, i === range.start);
    }
    doc.end();
    return { pdf: await ended, pages: range.count };
  }
  return { doc, finish };
}

function stampPage(doc: Doc, meta: ReportMeta, page: number, pages: number, isCover: boolean) {
  // Drawing in the margins must not trigger pdfkit's automatic page break.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.save().font("regular").fontSize(8).fillColor(COLOURS.muted);
  if (!isCover) {
    doc.text(meta.runningHeader, PAGE.margin, PAGE.margin - 26, { width: CONTENT_WIDTH, lineBreak: false, ellipsis: true });
    doc.moveTo(PAGE.margin, PAGE.margin - 12).lineTo(PAGE.width - PAGE.margin, PAGE.margin - 12).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  }
  doc.text(meta.footer(page, pages), PAGE.margin, PAGE.height - PAGE.margin + 20, { width: CONTENT_WIDTH, align: "center", lineBreak: false });
  doc.restore();
  doc.page.margins.bottom = bottom;
}

/** Space left on the current page above the bottom margin. */
export const spaceLeft = (doc: Doc) => doc.page.height - doc.page.margins.bottom - doc.y;

export function ensureSpace(doc: Doc, height: number) {
  if (spaceLeft(doc) < height) doc.addPage();
}

/** A numbered section: starts a bookmark in the outline and a heading on the page. */
export function section(doc: Doc, title: string, options: { newPage?: boolean } = {}) {
  if (options.newPage) doc.addPage();
  else ensureSpace(doc, 80);
  doc.outline.addItem(title);
  doc.moveDown(0.6).font("bold").fontSize(14).fillColor(COLOURS.accent).text(title, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  const y = doc.y + 3;
  doc.moveTo(PAGE.margin, y).lineTo(PAGE.width - PAGE.margin, y).lineWidth(0.8).strokeColor(COLOURS.accent).stroke();
  doc.y = y + 8;
  doc.font("regular").fontSize(10).fillColor(COLOURS.text);
}

export function subheading(doc: Doc, title: string) {
  ensureSpace(doc, 50);
  doc.moveDown(0.4).font("bold").fontSize(11).fillColor(COLOURS.text).text(title, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2).font("regular").fontSize(10);
}

export function paragraph(doc: Doc, text: string, options: { size?: number; colour?: string } = {}) {
  doc.font("regular").fontSize(options.size ?? 10).fillColor(options.colour ?? COLOURS.text).text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH, lineGap: 2 });
  doc.fillColor(COLOURS.text);
}

/** Label/value pairs in two aligned columns. */
export function keyValues(doc: Doc, pairs: [string, string][], labelWidth = 120) {
  for (const [label, value] of pairs) {
    const valueHeight = doc.font("regular").fontSize(10).heightOfString(value, { width: CONTENT_WIDTH - labelWidth });
    ensureSpace(doc, valueHeight + 4);
    const y = doc.y;
    doc.font("bold").fontSize(10).fillColor(COLOURS.muted).text(label, PAGE.margin, y, { width: labelWidth - 8 });
    doc.font("regular").fillColor(COLOURS.text).text(value, PAGE.margin + labelWidth, y, { width: CONTENT_WIDTH - labelWidth });
    doc.y = Math.max(doc.y, y + valueHeight) + 3;
  }
}
