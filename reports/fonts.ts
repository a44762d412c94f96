import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { create } from "fontkit";

/**
 * Noto Sans Hans (Simplified Chinese, GB2312 coverage, SIL OFL) from the npm package
 * @embedpdf/fonts-sc: no system font is assumed.
 *
 * Speed: given a file, pdfkit parses the 8 MB font again for every document, which is most of a
 * report's time. The fonts are parsed once per process here and pdfkit is handed the parsed
 * fontkit objects (which it accepts as they are); each document still embeds its own subset of
 * the glyphs it uses.
 */
// The package exports only its font list (dist/index.*); the files sit in fonts/ beside dist/.
const fontDir = join(dirname(createRequire(import.meta.url).resolve("@embedpdf/fonts-sc")), "..", "fonts");

export type ParsedFont = ReturnType<typeof create>;

let cache: { regular: ParsedFont; bold: ParsedFont } | null = null;

export function reportFonts() {
  cache ??= {
    regular: create(readFileSync(join(fontDir, "NotoSansHans-Regular.otf"))),
    bold: create(readFileSync(join(fontDir, "NotoSansHans-Bold.otf"))),
  };
  return cache;
}
