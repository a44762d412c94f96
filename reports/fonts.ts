import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Noto Sans Hans (Simplified Chinese, GB2312 coverage, SIL OFL) from the npm package
 * @embedpdf/fonts-sc: no system font is assumed. The files are read once per process; pdfkit
 * parses them lazily and embeds only the glyphs a document uses (a CFF subset).
 */
// The package exports only its font list (dist/index.*); the files sit in fonts/ beside dist/.
const fontDir = join(dirname(createRequire(import.meta.url).resolve("@embedpdf/fonts-sc")), "..", "fonts");

let cache: { regular: Buffer; bold: Buffer } | null = null;

export function reportFonts() {
  cache ??= {
    regular: readFileSync(join(fontDir, "NotoSansHans-Regular.otf")),
    bold: readFileSync(join(fontDir, "NotoSansHans-Bold.otf")),
  };
  return cache;
}
