import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { parseFont, type ParsedFont } from "../../reports/fonts";
import { useSharedLayout } from "../../reports/shared-layout";

/** A page of wrapped mixed text, as the reports set it. */
function page(font: ParsedFont, size: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A5", info: { CreationDate: new Date(0) } });
  doc.registerFont("body", font as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.font("body").fontSize(size);
  for (let k = 0; k < 3; k++) doc.text(`智慧城市试点第三方评估 第 ${k + 1} 段：市民参与 80.9 分，数据共享（破除数据孤岛）88.5 分；Third-party evaluation of smart-city pilots, paragraph ${k + 1}. 可运营性 84.5 分。`, { width: 300 });
  doc.end();
  return done;
}

describe("words shaped once per process", () => {
  it("sets every document exactly as fontkit's own layout does, however often a word recurs and at any size", async () => {
    const plain = parseFont("NotoSansHans-Regular.otf");
    const shared = useSharedLayout(parseFont("NotoSansHans-Regular.otf"));
    for (const size of [10, 10, 14, 8]) expect((await page(shared, size)).equals(await page(plain, size))).toBe(true);
  });

  it("hands each caller its own positions, so scaling one run leaves the next untouched", () => {
    const shared = useSharedLayout(parseFont("NotoSansHans-Regular.otf"));
    const first = shared.layout("评估");
    const widths = first.positions.map((p) => p.xAdvance);
    for (const p of first.positions) p.xAdvance *= 1000;
    expect(shared.layout("评估").positions.map((p) => p.xAdvance)).toEqual(widths);
    expect(shared.layout("评估").advanceWidth).toBe(widths.reduce((a, b) => a + b, 0));
  });
});
