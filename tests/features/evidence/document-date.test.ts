import { strToU8, zipSync } from "fflate";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { documentCreatedAt } from "../../../app/features/evidence/index.server";
import { pdfWithInfo } from "../../helpers/pdf-tools";

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const docx = (core: string) =>
  zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("<w:document/>"), "docProps/core.xml": strToU8(core) });

describe("a document's own creation date", () => {
  it("is read from a PDF's Info dictionary, with its time zone", async () => {
    expect(documentCreatedAt(await pdfWithInfo({ CreationDate: new Date("2027-01-15T08:30:00Z") }), PDF)?.toISOString()).toBe("2027-01-15T08:30:00.000Z");
    const handWritten = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /CreationDate (D:20261231235900+08'00') >> endobj\n%%EOF");
    expect(documentCreatedAt(handWritten, PDF)?.toISOString()).toBe("2026-12-31T15:59:00.000Z");
    const xmp = new TextEncoder().encode("%PDF-1.7\n<x:xmpmeta><xmp:CreateDate>2026-03-02T10:00:00+08:00</xmp:CreateDate></x:xmpmeta>\n%%EOF");
    expect(documentCreatedAt(xmp, PDF)?.toISOString()).toBe("2026-03-02T02:00:00.000Z");
    expect(documentCreatedAt(new TextEncoder().encode("%PDF-1.4\n%%EOF"), PDF)).toBeNull();
  });

  it("is read from a DOCX's or XLSX's core properties; a zip without them, or another type, has none", async () => {
    const core = '<cp:coreProperties xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-20T09:00:00Z</dcterms:created></cp:coreProperties>';
    expect(documentCreatedAt(docx(core), DOCX)?.toISOString()).toBe("2026-11-20T09:00:00.000Z");
    const book = new ExcelJS.Workbook();
    book.created = new Date("2025-05-04T03:02:01Z");
    book.addWorksheet("数据").addRow([1]);
    expect(documentCreatedAt(new Uint8Array(await book.xlsx.writeBuffer()), XLSX)?.toISOString()).toBe("2025-05-04T03:02:01.000Z");
    expect(documentCreatedAt(zipSync({ "word/document.xml": strToU8("<w:document/>") }), DOCX)).toBeNull();
    expect(documentCreatedAt(new Uint8Array([1, 2, 3]), DOCX)).toBeNull();
    expect(documentCreatedAt(docx(core), "image/png")).toBeNull();
  });
});
