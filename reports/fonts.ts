import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { create, type Font } from "fontkit";
import { useFlatSubsets } from "./flat-cff-subset";
import { useSharedLayout } from "./shared-layout";

/**
 * Noto Sans Hans (Simplified Chinese, GB2312 coverage, SIL OFL) from the npm package
 * @embedpdf/fonts-sc: no system font is assumed.
 *
 * Speed: given a file, pdfkit parses the 8 MB font again for every document, which is most of a
 * report's time. The fonts are parsed once per process here and pdfkit is handed the parsed
 * fontkit objects (which it accepts as they are); each document still embeds its own subset of
 * the glyphs it uses, written without subroutines (see flat-cff-subset.ts), and words are shaped
 * once per process (see shared-layout.ts).
 */
// The package exports only its font list (dist/index.*); the files sit in fonts/ beside dist/.
const fontDir = join(dirname(createRequire(import.meta.url).resolve("@embedpdf/fonts-sc")), "..", "fonts");

export type ParsedFont = Font;

/** A font file parsed by fontkit (one font, not a collection). */
export function parseFont(file: string): ParsedFont {
  const parsed = create(readFileSync(join(fontDir, file)));
  if ("fonts" in parsed) throw new Error(`${file} is a font collection, not one font`);
  return parsed;
}

let cache: { regular: ParsedFont; bold: ParsedFont } | null = null;

export function reportFonts() {
  cache ??= {
    regular: useSharedLayout(useFlatSubsets(parseFont("NotoSansHans-Regular.otf"))),
    bold: useSharedLayout(useFlatSubsets(parseFont("NotoSansHans-Bold.otf"))),
  };
  return cache;
}
