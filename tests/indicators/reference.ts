import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../../indicators/io/csv";

/** COINr's ASEM example and its results, shipped beside the checkout in shared/reference. */
export const ASEM_DIR = [
  fileURLToPath(new URL("../../../shared/reference/coinr-asem", import.meta.url)),
  fileURLToPath(new URL("../fixtures/coinr-asem", import.meta.url)),
].find((dir) => existsSync(`${dir}/iMeta.csv`))!;

export const asemFile = (name: string) => `${ASEM_DIR}/${name}`;
export const readAsem = (name: string) => readFileSync(asemFile(name), "utf8");

/** A COINr result table as uCode → column → value (NaN for empty cells). */
export function readTable(text: string): Map<string, Map<string, number>> {
  const [head, ...rows] = parseCsv(text);
  const columns = head!.fields;
  return new Map(
    rows.map((r) => [r.fields[0]!, new Map(columns.slice(1).map((c, i) => [c, r.fields[i + 1] === "" ? NaN : Number(r.fields[i + 1])]))]),
  );
}

export const CASES = [
  { name: "minmax_arith", normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic", cli: ["--normalise", "minmax", "--range", "0,100", "--aggregate", "arithmetic"] },
  { name: "zscore_arith", normalise: { method: "zscore" }, aggregate: "arithmetic", cli: ["--normalise", "zscore", "--aggregate", "arithmetic"] },
  { name: "minmax1_geom", normalise: { method: "minmax", range: [1, 100] }, aggregate: "geometric", cli: ["--normalise", "minmax", "--range", "1,100", "--aggregate", "geometric"] },
  { name: "borda_arith", normalise: { method: "borda" }, aggregate: "arithmetic", cli: ["--normalise", "borda", "--aggregate", "arithmetic"] },
] as const;

/** Relative difference, with an absolute floor so values near zero compare sensibly. */
export function relDiff(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}
