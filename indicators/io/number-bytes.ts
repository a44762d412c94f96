import { formatNumber } from "./csv";

/**
 * `formatNumber` written as ASCII bytes into `out` at `at`; returns where the number ends.
 *
 * A table of every town holds 1.5 million numbers, and `toPrecision(17)` (about 0.1 µs each) plus the
 * strings it leaves for the collector were a third of the `score` CLI's time. For the numbers tables
 * hold (integers below 10^15, and fractions from 10^-6 up to 10^15) the 17 digits are computed here
 * exactly: v × 10^p, with 10^p an exact double (p ≤ 22), is split by Dekker's product into
 * hi + lo with hi an integer (hi ≥ 10^16 > 2^53) and lo exact, so the 17-digit integer is
 * hi + round(lo), ties going up as ECMAScript's toPrecision requires. Every other number goes
 * through `formatNumber`. A property test holds the two to the same text.
 */
export function writeNumber(v: number, out: Uint8Array, at: number): number {
  if (v !== v) return at;
  let a = v;
  if (v < 0) {
    out[at++] = 45; // -
    a = -v;
  }
  if (a < 1e15 && Math.floor(a) === a) return writeInteger(a, out, at);
  if (a < 1e-6 || a >= 1e15) return writeText(formatNumber(v), out, v < 0 ? at - 1 : at);

  let k = Math.floor(Math.log10(a));
  for (;;) {
    const p = 16 - k;
    if (p > 22 || p < 1) return writeText(formatNumber(v), out, v < 0 ? at - 1 : at);
    const scale = POWERS_OF_TEN[p]!;
    const hi = a * scale;
    const lo = productError(a, scale, hi);
    if (hi < 1e16 || (hi === 1e16 && lo < 0)) k--;
    else if (hi > 1e17 || (hi === 1e17 && lo >= 0)) k++;
    else return writeDigits(hi, Math.round(lo), k, out, at);
  }
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
const SPLITTER = 134217729; // 2^27 + 1

/** The exact error of the double product hi = fl(a × b) (Dekker's TwoProduct, no FMA in JavaScript). */
function productError(a: number, b: number, hi: number): number {
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - hi + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** "00".."99" as pairs of ASCII digits. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/** The 17 significant digits hi + carry (10^16 ≤ hi ≤ 10^17, |carry| ≤ 8) of a number 10^k ≤ v < 10^(k+1). */
function writeDigits(hi: number, carry: number, k: number, out: Uint8Array, at: number): number {
  // hi exceeds 2^53, so it is taken apart as 9 + 8 digits, where every step is exact.
  let upper = Math.floor(hi / 1e8);
  let lower = hi - upper * 1e8 + carry;
  if (lower < 0) {
    upper--;
    lower += 1e8;
  } else if (lower >= 1e8) {
    upper++;
    lower -= 1e8;
  }
  if (upper >= 1e9) {
    // Rounded up to 10^17: one digit more before the point.
    upper = 1e8;
    lower = 0;
    k++;
  }
  // The 17 digits go to out[start..start+16], two at a time from the right, in 32-bit integers.
  const start = k < 0 ? at + 1 - k : at;
  let low = lower | 0;
  let high = upper | 0;
  for (let i = start + 15; i > start + 8; i -= 2) {
    const q = (low / 100) | 0;
    const pair = (low - q * 100) << 1;
    out[i] = PAIRS[pair]!;
    out[i + 1] = PAIRS[pair + 1]!;
    low = q;
  }
  for (let i = start + 7; i > start; i -= 2) {
    const q = (high / 100) | 0;
    const pair = (high - q * 100) << 1;
    out[i] = PAIRS[pair]!;
    out[i + 1] = PAIRS[pair + 1]!;
    high = q;
  }
  out[start] = 48 + high;
  let end = start + 17;
  while (out[end - 1] === 48) end--;
  if (k < 0) {
    out[at] = 48; // 0
    out[at + 1] = 46; // .
    for (let i = at + 2; i < start; i++) out[i] = 48;
    return end;
  }
  // The point goes after k + 1 digits: the fraction moves one place right, unless it is all zeros.
  const point = start + k + 1;
  if (end <= point) return point;
  for (let i = end; i > point; i--) out[i] = out[i - 1]!;
  out[point] = 46; // .
  return end + 1;
}

function writeInteger(a: number, out: Uint8Array, at: number): number {
  let digits = 1;
  while (digits < 16 && a >= POWERS_OF_TEN[digits]!) digits++;
  let rest = a;
  for (let i = at + digits - 1; i >= at; i--) {
    const q = Math.floor(rest / 10);
    out[i] = 48 + (rest - q * 10);
    rest = q;
  }
  return at + digits;
}

/** ASCII text written byte for byte. */
export function writeText(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}
