/**
 * Font subsets without subroutines, for CID-keyed CFF fonts such as Noto Sans Hans.
 *
 * fontkit's CFF subset keeps every subroutine slot of the whole font (an unused one as a one-byte
 * stub) so that it never has to rewrite a glyph program. Noto Sans Hans has 22,293 local
 * subroutines in its ideograph font dict, so every report paid about 17 ms per font to write some
 * 85 KB of stubs, twice (regular and bold): most of a report's time and bytes. Here each glyph
 * program of the subset is flattened instead (every subroutine call replaced by the subroutine's
 * body, as fontTools' desubroutinizer does), and the subset carries no subroutines at all.
 *
 * A glyph program using anything this does not follow (arithmetic operators, a computed
 * subroutine number) makes that one subset fall back to fontkit's own encoding.
 */
import type { ParsedFont } from "./fonts";

interface IndexEntry {
  offset: number;
  length: number;
}
interface FontDict {
  Private?: { Subrs?: IndexEntry[] | null } | null;
  [key: string]: unknown;
}
interface Cff {
  stream: { buffer: Uint8Array };
  isCIDFont: boolean;
  globalSubrIndex?: IndexEntry[];
  topDict: { CharStrings: IndexEntry[]; FDArray?: FontDict[]; FDSelect?: unknown };
  fdForGlyph(gid: number): number | null;
  privateDictForGlyph(gid: number): FontDict["Private"];
}
interface TopDict {
  FDArray: FontDict[];
  FDSelect: { version: 0; fds: number[] };
}
/** The parts of fontkit's CFFSubset this replaces (its class is not exported; the instance is patched). */
interface CffSubset {
  glyphs: number[];
  cff?: Cff;
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetCharstrings(): void;
  subsetFontdict(topDict: TopDict): void;
  encode(): Uint8Array;
}

/** A glyph program this flattener does not follow; the subset falls back to fontkit's encoding. */
export class UnsupportedCharstring extends Error {}

const MAX_NESTING = 10;

/** The Type 2 subroutine number bias (Adobe TN 5177, 4.7). */
function bias(subrs: readonly unknown[]) {
  return subrs.length < 1240 ? 107 : subrs.length < 33900 ? 1131 : 32768;
}

/** The integer a Type 2 operand token encodes (its first byte at `at`). */
function operandValue(bytes: readonly number[], at: number): number {
  const b0 = bytes[at]!;
  if (b0 >= 32 && b0 <= 246) return b0 - 139;
  if (b0 >= 247 && b0 <= 250) return (b0 - 247) * 256 + bytes[at + 1]! + 108;
  if (b0 >= 251 && b0 <= 254) return -(b0 - 251) * 256 - bytes[at + 1]! - 108;
  if (b0 === 28) return ((bytes[at + 1]! << 24) >> 16) | bytes[at + 2]!;
  throw new UnsupportedCharstring("a subroutine number given as a fixed-point value");
}

/** Bytes of the operand token starting with `b0`. */
const operandSize = (b0: number) => (b0 === 28 ? 3 : b0 === 255 ? 5 : b0 >= 247 ? 2 : 1);

const PATH_OPERATORS = new Set([4, 5, 6, 7, 8, 21, 22, 24, 25, 26, 27, 30, 31]);
const STEM_OPERATORS = new Set([1, 3, 18, 23]);
const FLEX_OPERATORS = new Set([34, 35, 36, 37]);

/** One glyph's Type 2 program with every callsubr/callgsubr replaced by the subroutine's body. */
export function flatCharstring(cff: Cff, gid: number): Uint8Array {
  const source = cff.stream.buffer;
  const globals = cff.globalSubrIndex ?? [];
  const locals = cff.privateDictForGlyph(gid)?.Subrs ?? [];
  const out: number[] = [];
  // Operands on the stack (to count stem hints), and where the last token written, if an operand, starts.
  let depth = 0;
  let stems = 0;
  let lastOperandAt = -1;
  let ended = false;

  const run = ({ offset, length }: IndexEntry, nesting: number) => {
    if (nesting > MAX_NESTING) throw new UnsupportedCharstring("subroutines nested too deep");
    const end = offset + length;
    let i = offset;
    while (i < end && !ended) {
      const b = source[i]!;
      if (b >= 32 || b === 28) {
        const size = operandSize(b);
        lastOperandAt = out.length;
        for (let k = 0; k < size; k++) out.push(source[i + k]!);
        i += size;
        depth++;
        continue;
      }
      i++;
      if (b === 10 || b === 29) {
        // The subroutine number is the operand just written: it is taken back out with the call.
        if (lastOperandAt < 0) throw new UnsupportedCharstring("a subroutine number that was computed");
        const subrs = b === 10 ? locals : globals;
        const subr = subrs[operandValue(out, lastOperandAt) + bias(subrs)];
        if (!subr) throw new UnsupportedCharstring("a call to a missing subroutine");
        out.length = lastOperandAt;
        lastOperandAt = -1;
        depth--;
        run(subr, nesting + 1);
        continue;
      }
      if (b === 11) return;
      lastOperandAt = -1;
      out.push(b);
      if (b === 14) {
        ended = true;
      } else if (STEM_OPERATORS.has(b)) {
        stems += depth >> 1;
      } else if (b === 19 || b === 20) {
        // hintmask/cntrmask: operands before it are implicit vstems; the mask has a bit per stem.
        stems += depth >> 1;
        const maskBytes = (stems + 7) >> 3;
        for (let k = 0; k < maskBytes; k++) out.push(source[i + k]!);
        i += maskBytes;
      } else if (b === 12) {
        const escaped = source[i++]!;
        if (!FLEX_OPERATORS.has(escaped)) throw new UnsupportedCharstring(`operator 12 ${escaped}`);
        out.push(escaped);
      } else if (!PATH_OPERATORS.has(b)) {
        throw new UnsupportedCharstring(`operator ${b}`);
      }
      depth = 0;
    }
  };
  run(cff.topDict.CharStrings[gid]!, 0);
  return Uint8Array.from(out);
}

/**
 * Makes every subset of `font` flat (see above). Flattened glyph programs are kept per glyph, as
 * the same glyphs recur in every report.
 */
export function useFlatSubsets(font: ParsedFont): ParsedFont {
  const flattened = new Map<number, Uint8Array>();
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset() as unknown as CffSubset;
    const cff = subset.cff;
    if (!cff?.isCIDFont) return subset as never;
    const keepSubroutines = { charstrings: subset.subsetCharstrings, fontdict: subset.subsetFontdict };
    let flat = false;
    subset.subsetCharstrings = function (this: CffSubset) {
      try {
        this.charstrings = this.glyphs.map((gid) => flattened.get(gid) ?? flattened.set(gid, flatCharstring(cff, gid)).get(gid)!);
        this.gsubrs = [];
        flat = true;
      } catch (error) {
        if (!(error instanceof UnsupportedCharstring)) throw error;
        keepSubroutines.charstrings.call(this);
      }
    };
    subset.subsetFontdict = function (this: CffSubset, topDict: TopDict) {
      if (!flat) return keepSubroutines.fontdict.call(this, topDict);
      // fontkit's layout, without the subroutines: the font dicts the glyphs use, in first-use order.
      topDict.FDArray = [];
      topDict.FDSelect = { version: 0, fds: [] };
      const position = new Map<number, number>();
      for (const gid of this.glyphs) {
        const fd = cff.fdForGlyph(gid);
        if (fd == null) continue;
        if (!position.has(fd)) {
          const { FontName: _name, ...dict } = cff.topDict.FDArray![fd]!;
          topDict.FDArray.push({ ...dict, Private: dict.Private ? { ...dict.Private, Subrs: null } : dict.Private });
          position.set(fd, topDict.FDArray.length - 1);
        }
        topDict.FDSelect.fds.push(position.get(fd)!);
      }
    };
    return subset as never;
  };
  return font;
}
