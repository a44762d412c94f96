import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTypedNumber } from "../../app/platform/typed-number";

/** Full-width forms, as a Chinese IME types them. */
const fullWidth = (text: string) => text.replace(/[0-9.,%+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("numbers as people type them", () => {
  it("reads full-width digits and punctuation, 。 for the point, thousands separators, a trailing percent sign and spaces", () => {
    expect(parseTypedNumber("６５")).toBe(65);
    expect(parseTypedNumber("８７．５％")).toBe(87.5);
    expect(parseTypedNumber("89。54")).toBe(89.54);
    expect(parseTypedNumber("1,234,567.5")).toBe(1234567.5);
    expect(parseTypedNumber("１，２３４")).toBe(1234);
    expect(parseTypedNumber(" 45 % ")).toBe(45);
    expect(parseTypedNumber("－３")).toBe(-3);
    expect(parseTypedNumber("−0.5")).toBe(-0.5);
    expect(parseTypedNumber("1e3")).toBe(1000);
    expect(parseTypedNumber("")).toBeNull();
    expect(parseTypedNumber("　")).toBeNull();
  });

  it("refuses what is not a number rather than guessing: words, a decimal comma, misplaced separators, two points, infinity", () => {
    for (const text of ["很高", "abc", "1,5", "12,34", "1,,000", "1.2.3", "%", "--1", "1e999", "Infinity", "NaN", "0x10", "5%%"]) expect(parseTypedNumber(text), text).toBeUndefined();
  });

  it("any finite number, written plainly, grouped by thousands or in full-width forms, reads back as itself", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        const plain = String(x).includes("e") ? x.toFixed(2) : String(x);
        const value = Number(plain);
        expect(parseTypedNumber(plain)).toBe(value);
        expect(parseTypedNumber(fullWidth(plain))).toBe(value);
        const [whole, fraction] = plain.replace("-", "").split(".");
        const grouped = `${value < 0 || Object.is(value, -0) ? "-" : ""}${whole!.replace(/\B(?=(\d{3})+$)/g, ",")}${fraction ? `.${fraction}` : ""}`;
        expect(parseTypedNumber(grouped)).toBe(value);
        expect(parseTypedNumber(`${plain}%`)).toBe(value);
      }),
    );
  });
});
