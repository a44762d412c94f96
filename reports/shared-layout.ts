import type { GlyphRun } from "fontkit";
import type { ParsedFont } from "./fonts";

/** Words kept per font; past this the memory starts again (a batch's recurring words come back at once). */
const WORDS_KEPT = 20_000;

/**
 * Shapes each word once per process rather than once per document. pdfkit keeps a layout cache per
 * document only, so each of a batch's 17,000 reports shaped the same headings, labels and table
 * words again through fontkit's OpenType layout, a tenth of a report's time.
 *
 * pdfkit scales the positions of a run it is given in place: every caller gets its own copy of
 * them (the glyphs are the font's own, shared objects, and are only read).
 */
export function useSharedLayout(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  font.layout = ((text: string, ...options: unknown[]) => {
    // Only the plain call pdfkit makes for a word is shared; features, script or direction are shaped afresh.
    if (options.some((option) => option !== undefined)) return (layout as (...args: unknown[]) => GlyphRun)(text, ...options);
    let run = runs.get(text);
    if (!run) {
      run = layout(text);
      if (runs.size >= WORDS_KEPT) runs.clear();
      runs.set(text, run);
    }
    return copyOfRun(run);
  }) as typeof font.layout;
  return font;
}

function copyOfRun(run: GlyphRun): GlyphRun {
  const positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as typeof p, p));
  return Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run, { positions });
}
