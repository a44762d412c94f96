/**
 * Plain decimals ("12.5", "-3", ".25") read without the general string-to-number conversion: when
 * the digits fit a double exactly (at most 15 significant digits) and the fraction has at most 22
 * digits, digits / 10^fraction is one correctly rounded division of two exact doubles (Clinger's
 * fast path), so the result is exactly what `Number` returns. Anything else gives NaN and the
 * caller asks `Number`.
 */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function plainDecimal(text: string): number {
  const length = text.length;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let fraction = -1;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (mantissa !== 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      if (fraction >= 0) fraction++;
    } else if (c === 46 /* . */ && fraction < 0) fraction = 0;
    else return NaN;
  }
  if (digits === 0 || significant > 15 || fraction > 22) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
  return negative ? -value : value;
}
