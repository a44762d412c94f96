import fc from "fast-check";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { useFlatSubsets } from "../../reports/flat-cff-subset";
import { parseFont as load, type ParsedFont } from "../../reports/fonts";
import { renderFirstPage } from "../helpers/pdf-tools";

/* eslint-disable @typescript-eslint/no-explicit-any -- fontkit's CFF classes are internal and untyped. */
/** A subset's CFF bytes decoded again with fontkit's own parser, and its glyphs' outlines. */
function outlines(font: ParsedFont, cffBytes: Uint8Array, count: number): string[] {
  const original = font as any;
  const cff = original["CFF "];
  const decoded = cff.constructor.decode(new cff.stream.constructor(cffBytes));
  const Glyph = original.getGlyph(0).constructor;
  const standIn = { "CFF ": decoded, _variationProcessor: null };
  return Array.from({ length: count }, (_, gid) => JSON.stringify(new Glyph(gid, [], standIn).path.commands));
}

function subsetOf(font: ParsedFont, gids: readonly number[]) {
  const subset = font.createSubset();
  for (const gid of gids) subset.includeGlyph(font.getGlyph(gid));
  const glyphs = (subset as any).glyphs as number[];
  return { bytes: subset.encode() as Uint8Array, glyphs };
}

const codePoints = (font: ParsedFont) => font.characterSet.filter((c) => font.hasGlyphForCodePoint(c));

describe("font subsets without subroutines", () => {
  const fonts = { regular: load("NotoSansHans-Regular.otf"), bold: load("NotoSansHans-Bold.otf") };
  const flat = { regular: useFlatSubsets(load("NotoSansHans-Regular.otf")), bold: useFlatSubsets(load("NotoSansHans-Bold.otf")) };

  it.each(["regular", "bold"] as const)("draws every glyph of the %s font exactly as the font does", (weight) => {
    const all = Array.from({ length: fonts[weight].numGlyphs }, (_, gid) => gid);
    const { bytes, glyphs } = subsetOf(flat[weight], all);
    const drawn = outlines(fonts[weight], bytes, glyphs.length);
    const mismatched = glyphs.filter((gid, i) => drawn[i] !== JSON.stringify(fonts[weight].getGlyph(gid).path.commands));
    expect(glyphs.length).toBe(fonts[weight].numGlyphs);
    expect(mismatched).toEqual([]);
    // No subroutine is left: the global index is empty and no font dict keeps local ones.
    const decoded = (fonts[weight] as any)["CFF "].constructor.decode(new (fonts[weight] as any)["CFF "].stream.constructor(bytes));
    expect(decoded.globalSubrIndex).toEqual([]);
    expect(decoded.topDict.FDArray.every((fd: any) => !fd.Private?.Subrs?.length)).toBe(true);
  }, 120_000);

  it("draws any set of characters as fontkit's own subset does, in far fewer bytes", () => {
    const available = codePoints(fonts.regular);
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...available), { minLength: 1, maxLength: 120 }), (chosen) => {
        const gids = chosen.map((c) => fonts.regular.glyphForCodePoint(c).id);
        const theirs = subsetOf(fonts.regular, gids);
        const ours = subsetOf(flat.regular, gids);
        expect(ours.glyphs).toEqual(theirs.glyphs);
        expect(outlines(fonts.regular, ours.bytes, ours.glyphs.length)).toEqual(outlines(fonts.regular, theirs.bytes, theirs.glyphs.length));
        // fontkit keeps a stub for each of the font's 22,293 ideograph subroutines.
        expect(ours.bytes.length).toBeLessThan(theirs.bytes.length / 2);
      }),
      { numRuns: 40 },
    );
  });

  it("renders a page of mixed text exactly as before", async () => {
    const page = async (regular: ParsedFont, bold: ParsedFont) => {
      const doc = new PDFDocument({ size: "A5", info: { CreationDate: new Date(0) } });
      doc.registerFont("regular", regular as unknown as Buffer);
      doc.registerFont("bold", bold as unknown as Buffer);
      const chunks: Buffer[] = [];
      doc.on("data", (c: Buffer) => chunks.push(c));
      const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
      doc.font("bold").fontSize(18).text("智慧城市试点第三方评估 · Third-party evaluation");
      doc.font("regular").fontSize(11).text("市民参与 80.9 分，第 2 名 / 共 8 个；数据共享（破除数据孤岛）88.5；可运营性 84.5。Ωµ±≤≥ “引号” 《书名号》 ①②③ 0123456789");
      doc.end();
      return done;
    };
    const before = await page(fonts.regular, fonts.bold);
    const after = await page(flat.regular, flat.bold);
    expect(after.length).toBeLessThan(before.length);
    expect(renderFirstPage(after).equals(renderFirstPage(before))).toBe(true);
  });
});
