import { parseTypedNumber } from "~/platform/typed-number";

/** A posted editor form as text fields (files are never posted here). */
export type Fields = Record<string, string>;

export const text = (f: Fields, name: string) => (f[name] ?? "").trim();

/** A typed number, or null when the field is empty or not a number. */
export const num = (typed: string): number | null => parseTypedNumber(typed) ?? null;

/** Rows of a repeated group of fields (`level.0`, `score.0`…); a row with every field empty is dropped. */
export function rows(f: Fields, names: string[]): { index: number; get: (n: string) => string }[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(f)) {
    const m = /^(\w+)\.(\d+)$/.exec(key);
    if (m && names.includes(m[1]!)) indexes.add(Number(m[2]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => ({ index, get: (n: string) => text(f, `${n}.${index}`) }))
    .filter((r) => names.some((n) => r.get(n) !== ""));
}
