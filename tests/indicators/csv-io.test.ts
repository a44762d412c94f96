import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../indicators/cli";
import { scoreColumns } from "../../indicators/engine/score";
import { formatResultTable, parseIMeta, readIDataColumns, resultTableChunks } from "../../indicators/io/coinr";
import { writeNumber } from "../../indicators/io/number-bytes";
import { formatCsv, formatNumber, parseCsv } from "../../indicators/io/csv";
import { plainDecimal } from "../../indicators/io/decimal";

const model = {
  id: "csv",
  nodes: [
    { code: "a", parent: "I", level: 1, weight: 1, direction: 1 as const },
    { code: "b", parent: "I", level: 1, weight: 1, direction: 1 as const },
    { code: "I", parent: null, level: 2, weight: 1, direction: 1 as const },
  ],
};

/** A file's UTF-8 bytes one per character, as the CLIs read a data file. */
const bytesOf = (text: string) => Buffer.from(text, "utf8").toString("latin1");

describe("CSV reading", () => {
  it("gives back every table it wrote, whatever its fields hold (quotes, commas, line breaks, Chinese)", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "7", ",", '"', "\n", "\r\n", " ", "镇", "é", "") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), (rows) => {
        // A record of one empty field is a blank line, which readers skip.
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ""));
        expect(parseCsv(formatCsv(kept)).map((r) => r.fields)).toEqual(kept);
      }),
    );
  });

  it("names the line a record starts on, counting line breaks inside quoted fields, CR, LF and CRLF alike", () => {
    const records = parseCsv('\ufeffh1,h2\r\nx,"two\nlines"\r\n\ny,z\rw,"a ""q"""\n');
    expect(records).toEqual([
      { line: 1, fields: ["h1", "h2"] },
      { line: 2, fields: ["x", "two\nlines"] },
      { line: 5, fields: ["y", "z"] },
      { line: 6, fields: ["w", 'a "q"'] },
    ]);
    expect(() => parseCsv('a,"open\nb')).toThrow(/unterminated quoted field/);
    expect(() => parseCsv('a,"b"c')).toThrow(/unexpected character after closing quote/);
  });

  it("reads iData the same from text and from undecoded bytes, byte-order mark or not", () => {
    const cell = fc.oneof(fc.constant(""), fc.constant("NA"), fc.constant(" 12 "), fc.constant("1e3"), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String));
    const name = fc.string({ unit: fc.constantFrom("镇", "村", "a", ",", '"', "é") });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, cell, cell), { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, bom) => {
        const text = (bom ? "\ufeff" : "") + formatCsv([["uCode", "uName", "a", "b"], ...rows.map(([n, a, b], u) => [`镇${u}`, n, a, b])]);
        const fromText = readIDataColumns(text, model);
        expect(readIDataColumns(bytesOf(text), model, "iData.csv", "utf8-bytes")).toEqual(fromText);
        expect(fromText.unitCodes).toEqual(rows.map((_, u) => `镇${u}`));
        expect(fromText.names).toEqual(rows.map(([n]) => n));
        rows.forEach(([, a], u) => expect(Object.is(fromText.columns.a![u], a.trim() === "" || a === "NA" ? NaN : Number(a))).toBe(true));
      }),
    );
  });

  it("refuses a cell that is not a number with its line, column and text decoded", () => {
    const text = "uCode,uName,a,b\n北京,首都,1,2\n上海,沪,三,4\n";
    for (const [input, encoding] of [[text, "text"], [bytesOf(text), "utf8-bytes"]] as const)
      expect(() => readIDataColumns(input, model, "d.csv", encoding)).toThrow(/d\.csv, line 3, column 3 \(a\): expected a number or an empty cell, got "三"/);
    expect(() => readIDataColumns("uCode,a\nx,1e999\n", model, "d.csv")).toThrow(/line 2, column 2 \(a\): expected a number/);
  });
});

describe("plain decimals", () => {
  it("read exactly what Number reads, or leave the string to Number", () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,24}$/)))
      .map(([negative, whole, fraction]) => `${negative ? "-" : ""}${whole}${fraction === null ? "" : `.${fraction}`}`);
    fc.assert(
      fc.property(fc.oneof(decimal, fc.double({ noNaN: true }).map(String), fc.string()), (text) => {
        const value = plainDecimal(text);
        if (value === value) expect(Object.is(value, Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(plainDecimal("1234.5678")).toBe(1234.5678);
    expect(Number.isNaN(plainDecimal("1e5"))).toBe(true);
    expect(Number.isNaN(plainDecimal(""))).toBe(true);
  });
});

describe("writing numbers", () => {
  it("keeps 17 significant digits without trailing zeros (R's write.csv(digits = 17)), and every double comes back", () => {
    const asR = (v: number) => {
      if (Number.isNaN(v)) return "";
      if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
      const [mantissa, exponent] = v.toPrecision(17).split("e");
      const trimmed = mantissa!.includes(".") ? mantissa!.replace(/\.?0+$/, "") : mantissa!;
      return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
    };
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(formatNumber(v)).toBe(asR(v));
        expect(Number(formatNumber(v))).toBe(v === 0 ? 0 : v);
      }),
      { numRuns: 5000 },
    );
    expect(formatNumber(0.1)).toBe("0.10000000000000001");
    expect(formatNumber(NaN)).toBe("");
  });

  const written = (v: number) => {
    const out = new Uint8Array(40);
    return new TextDecoder().decode(out.subarray(0, writeNumber(v, out, 0)));
  };

  it("writes as bytes exactly the text formatNumber gives, for any double", () => {
    const doubles = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: -1e15, max: 1e15, noNaN: true }),
      fc.tuple(fc.integer({ min: -8, max: 16 }), fc.integer({ min: -3, max: 3 })).map(([e, ulps]) => {
        // A power of ten and its neighbours, where the count of digits before the point changes.
        let v = 10 ** e;
        for (let i = 0; i < Math.abs(ulps); i++) v = ulps > 0 ? nextUp(v) : nextDown(v);
        return v;
      }),
    );
    fc.assert(
      fc.property(doubles, (v) => {
        expect(written(v)).toBe(formatNumber(v));
      }),
      { numRuns: 20000 },
    );
  });

  it("rounds a tie at the 17th digit up, as toPrecision does", () => {
    // 1 + 2^-17 = 1.00000762939453125 has 18 significant digits and ends in 5.
    expect(written(1 + 2 ** -17)).toBe("1.0000076293945313");
    expect(written(-(1 + 2 ** -17))).toBe("-1.0000076293945313");
    for (let k = 1; k < 53; k++)
      for (const v of [1 + 2 ** -k, 3 * 2 ** -k, 100 - 2 ** -k, 99.99999999999999, 9.999999999999999e-7]) expect(written(v)).toBe(formatNumber(v));
    expect(written(NaN)).toBe("");
    expect(written(-0)).toBe("0");
  });
});

function nextUp(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  view.setBigUint64(0, view.getBigUint64(0) + (v >= 0 ? 1n : -1n));
  return view.getFloat64(0);
}
const nextDown = (v: number) => -nextUp(-v);

describe("the score CLI's files", () => {
  afterEach(() => vi.restoreAllMocks());
  it("keep Chinese unit codes intact, and write the same table as for ASCII codes", () => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), "zhiping-csv-io-"));
    writeFileSync(join(dir, "m.csv"), "iCode,iName,Level,Parent,Weight,Direction\na,A,1,I,1,1\nb,B,1,I,1,1\nI,Index,2,,1,1\n");
    const score = (data: string) => {
      writeFileSync(join(dir, "d.csv"), data);
      expect(main(["--meta", join(dir, "m.csv"), "--data", join(dir, "d.csv"), "--normalise", "minmax", "--aggregate", "arithmetic", "--out", join(dir, "s.csv"), "--ranks", join(dir, "r.csv")])).toBe(0);
      return [readFileSync(join(dir, "s.csv"), "utf8"), readFileSync(join(dir, "r.csv"), "utf8")];
    };
    const [scores, ranks] = score("uCode,uName,a,b\n合肥,合肥市,1,2\nX,x,3,4\nY,y,,3\n");
    expect(scores).toBe("uCode,a,b,I\n合肥,0,0,0\nX,100,100,100\nY,,50,50\n");
    expect(ranks).toBe("uCode,a,b,I\n合肥,2,3,3\nX,1,1,1\nY,,2,2\n");
    expect(score("uCode,uName,a,b\nH,合肥市,1,2\nX,x,3,4\nY,y,,3\n")).toEqual([scores!.replace("合肥", "H"), ranks!.replace("合肥", "H")]);
  });

  it("come out the same whatever size the chunks they are written in", () => {
    const model = parseIMeta("iCode,iName,Level,Parent,Weight,Direction\na,A,1,I,1,1\nb,B,1,I,2,-1\nI,Index,2,,1,1\n", "m.csv").model;
    const codes = ["合肥", "a,b", 'q"t', ...Array.from({ length: 200 }, (_, i) => `T${i}`)];
    const result = scoreColumns(model, codes, { a: Float64Array.from(codes, (_, i) => (i % 7 === 0 ? NaN : Math.sin(i) * 1e3)), b: Float64Array.from(codes, (_, i) => i / 3) }, { normalise: { method: "minmax" }, aggregate: "arithmetic" });
    for (const table of ["scores", "ranks"] as const) {
      const whole = formatResultTable(result, table);
      expect(whole.split("\n")[1]).toMatch(/^合肥,,/);
      expect(whole).toContain('\n"a,b",');
      expect(whole).toContain('\n"q""t",');
      // Each chunk is read before the next is asked for, as the buffer is reused.
      const pieces = Array.from(resultTableChunks(result, table, 64), (chunk) => Buffer.from(chunk).toString("utf8"));
      expect(pieces.length).toBeGreaterThan(10);
      expect(pieces.join("")).toBe(whole);
    }
  });
});
