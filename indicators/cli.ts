#!/usr/bin/env node
/**
 * npm run score -- --meta <iMeta.csv> --data <iData.csv> --normalise <method> [--range l,u]
 *   [--mean-sd m,s] [--goalposts l,u[,scale]] [--target t] --aggregate <method>
 *   [--threshold t] [--impute none|mean|median] --out <scores.csv> [--ranks <ranks.csv>]
 * Exit codes: 0 done, 2 bad input (nothing written).
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { ScoringInputError } from "./engine/errors";
import { scoreColumns, type ScoreResult } from "./engine/score";
import type { AggregateMethod, ImputeMethod, MethodOptions, NormaliseSpec } from "./engine/types";
import { parseIMeta, readIDataColumns, resultTableChunks } from "./io/coinr";

const NORMALISE = ["minmax", "zscore", "borda", "prank", "rank", "goalposts", "dist2targ"] as const;
const AGGREGATE = ["arithmetic", "geometric", "harmonic"] as const;
const IMPUTE = ["none", "mean", "median"] as const;

function numbers(flag: string, text: string, count: number[]): number[] {
  const parts = text.split(",").map((p) => Number(p.trim()));
  if (!count.includes(parts.length) || parts.some((p) => !Number.isFinite(p)))
    throw new ScoringInputError(`--${flag}: expected ${count.join(" or ")} comma-separated numbers, got "${text}"`);
  return parts;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (!value || !allowed.includes(value as T))
    throw new ScoringInputError(`--${flag}: expected one of ${allowed.join("|")}, got ${value ? `"${value}"` : "nothing"}`);
  return value as T;
}

function normaliseSpec(values: Record<string, string | undefined>): NormaliseSpec {
  const method = oneOf("normalise", values.normalise, NORMALISE);
  switch (method) {
    case "minmax":
      return { method, range: values.range ? (numbers("range", values.range, [2]) as [number, number]) : undefined };
    case "zscore":
      return { method, meanSd: values["mean-sd"] ? (numbers("mean-sd", values["mean-sd"], [2]) as [number, number]) : undefined };
    case "goalposts": {
      if (!values.goalposts) throw new ScoringInputError("--goalposts l,u[,scale] is required with --normalise goalposts");
      const [lower, upper, scale] = numbers("goalposts", values.goalposts, [2, 3]);
      return { method, lower: lower!, upper: upper!, scale };
    }
    case "dist2targ": {
      if (!values.target) throw new ScoringInputError("--target t is required with --normalise dist2targ");
      return { method, target: numbers("target", values.target, [1])[0]! };
    }
    default:
      return { method };
  }
}

/** Where an output is written before it is moved into place. */
export const temporaryBeside = (path: string) => `${path}.${process.pid}.tmp`;

/** Writes a result table chunk by chunk. */
export function writeResultTable(path: string, result: ScoreResult, table: "scores" | "ranks") {
  const fd = openSync(path, "w");
  try {
    for (const chunk of resultTableChunks(result, table)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** The method flags `score` and `analyse` share. */
export const METHOD_FLAGS = {
  meta: { type: "string" },
  data: { type: "string" },
  normalise: { type: "string" },
  range: { type: "string" },
  "mean-sd": { type: "string" },
  goalposts: { type: "string" },
  target: { type: "string" },
  aggregate: { type: "string" },
  threshold: { type: "string" },
  impute: { type: "string" },
} as const;

/** The scoring method the flags name. */
export function methodFromFlags(values: Record<string, string | string[] | boolean | undefined>): MethodOptions {
  const text = values as Record<string, string | undefined>;
  return {
    normalise: normaliseSpec(text),
    aggregate: oneOf<AggregateMethod>("aggregate", text.aggregate, AGGREGATE),
    dataThreshold: text.threshold ? numbers("threshold", text.threshold, [1])[0] : undefined,
    impute: text.impute ? oneOf<ImputeMethod>("impute", text.impute, IMPUTE) : undefined,
  };
}

function readInput(path: string, encoding: "utf8" | "latin1"): string {
  try {
    return readFileSync(path, encoding);
  } catch (e) {
    throw new ScoringInputError(`cannot read: ${(e as Error).message}`, { file: path });
  }
}

export const readInputText = (path: string) => readInput(path, "utf8");

/** A file's bytes one per character, for `readIDataColumns`'s "utf8-bytes" (a large file is split before it is decoded). */
export const readInputBytes = (path: string) => readInput(path, "latin1");

export function main(argv: string[]): number {
  const temps: string[] = [];
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...METHOD_FLAGS, out: { type: "string" }, ranks: { type: "string" } },
      strict: true,
    });
    for (const flag of ["meta", "data", "out"] as const)
      if (!values[flag]) throw new ScoringInputError(`--${flag} <file> is required`);
    const meta = parseIMeta(readInputText(values.meta!), values.meta!);
    const data = readIDataColumns(readInputBytes(values.data!), meta.model, values.data!, "utf8-bytes");
    const result = scoreColumns(meta.model, data.unitCodes, data.columns, methodFromFlags(values));
    // Both files are written in full before either is moved into place: never a partial output.
    const outputs: [string, "scores" | "ranks"][] = [[values.out!, "scores"]];
    if (values.ranks) outputs.push([values.ranks, "ranks"]);
    for (const [path, table] of outputs) {
      temps.push(temporaryBeside(path));
      writeResultTable(temps.at(-1)!, result, table);
    }
    outputs.forEach(([path], i) => renameSync(temps[i]!, path));
    process.stdout.write(`scored ${data.unitCodes.length} units on ${result.nodeCodes.length} nodes; hash ${result.hash}\n`);
    return 0;
  } catch (error) {
    for (const t of temps) rmSync(t, { force: true });
    const known = error instanceof ScoringInputError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`score: ${(error as Error).message}\n`);
    return known ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/indicators\//, "/indicators/"))) {
  process.exitCode = main(process.argv.slice(2));
}
