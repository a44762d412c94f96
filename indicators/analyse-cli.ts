#!/usr/bin/env node
/**
 * npm run analyse -- --meta <iMeta.csv> --data <iData.csv> <score's method flags> --out-dir <DIR>
 *   [--treat] [--scenarios <scenarios.csv> | --samples N [--seed S] --noise LEVEL:FACTOR … [--alt-aggregate a,b]
 *   [--alt-normalise minmax,rank,…] [--vary-imputation] [--vary-treatment] [--sensitivity]]
 * Writes into DIR: scores.csv, correlations.csv, cronbach.csv, leave_one_out_level2.csv; with
 * --treat also treated.csv and treatment.csv; with --scenarios or --samples rank_uncertainty.csv;
 * with --sensitivity sensitivity.csv (one row per uncertain input).
 * Exit codes: 0 done, 2 bad input (nothing written).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { auditCohort, type CohortAudit, type UncertaintySpace } from "./audit/index";
import type { AggregateMethod, NormaliseSpec } from "./engine/types";
import type { Cohort } from "./audit/robustness";
import { METHOD_FLAGS, methodFromFlags, readInputBytes, readInputText, temporaryBeside, writeResultTable } from "./cli";
import { ScoringInputError } from "./engine/errors";
import { parseIMeta, readIDataColumns } from "./io/coinr";
import { formatCsv, formatNumber } from "./io/csv";
import { parseScenarios } from "./io/scenarios";

/** Each output file's name and text. */
function tables(audit: CohortAudit, levelOneCodes: string[]): [string, string][] {
  const files: [string, string][] = [
    ["correlations.csv", formatCsv([["iCode", "Parent", "r"], ...audit.correlations.map((c) => [c.code, c.parent, formatNumber(c.r)])])],
    ["cronbach.csv", formatCsv([["iCode", "alpha"], ...audit.alphas.map((a) => [a.code, formatNumber(a.alpha)])])],
    ["leave_one_out_level2.csv", formatCsv([["iCode", "meanAbsRankChange"], ["Nominal", "0"], ...audit.leaveOneOut.map((l) => [l.code, formatNumber(l.meanAbsRankChange)])])],
  ];
  if (audit.treated && audit.treatment) {
    const t = audit.treated;
    files.push(["treated.csv", formatCsv([["uCode", ...levelOneCodes], ...t.unitCodes.map((u, i) => [u, ...levelOneCodes.map((c) => formatNumber(t.columns[c]![i]!))])])]);
    files.push([
      "treatment.csv",
      formatCsv([
        ["iCode", "treatment", "winsorised", "points", "skewBefore", "kurtBefore", "skewAfter", "kurtAfter", "passes"],
        ...audit.treatment.map(({ code, record: r }) => [
          code,
          r.treatment,
          String(r.winsorised),
          r.points.map((p) => `${t.unitCodes[p.unit]}:${p.end}`).join(" "),
          formatNumber(r.skewBefore),
          formatNumber(r.kurtBefore),
          formatNumber(r.skewAfter),
          formatNumber(r.kurtAfter),
          String(r.passes),
        ]),
      ]),
    ]);
  }
  if (audit.rankIntervals)
    files.push(["rank_uncertainty.csv", formatCsv([["uCode", "nominal", "mean", "median", "q5", "q95"], ...audit.rankIntervals.map((r) => [r.unit, String(r.nominal), formatNumber(r.mean), formatNumber(r.median), formatNumber(r.q5), formatNumber(r.q95)])])]);
  if (audit.sensitivity)
    files.push([
      "sensitivity.csv",
      formatCsv([["Variable", "Si", "STi", "Si_q5", "Si_q95", "STi_q5", "STi_q95"], ...audit.sensitivity.map((v) => [v.variable, ...[v.si, v.sti, v.siQ5, v.siQ95, v.stiQ5, v.stiQ95].map(formatNumber)])]),
    ]);
  return files;
}

const AGGREGATES: readonly AggregateMethod[] = ["arithmetic", "geometric", "harmonic"];

/** Normalisations an alternative may name: those that need no parameters beyond COINr's defaults. */
const ALTERNATIVE_NORMALISATIONS: Record<string, NormaliseSpec> = {
  minmax: { method: "minmax", range: [0, 100] },
  zscore: { method: "zscore", meanSd: [0, 1] },
  rank: { method: "rank" },
  prank: { method: "prank" },
  borda: { method: "borda" },
};

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);

/** `--noise 2:0.25 --noise 3:0.1`, `--alt-aggregate arithmetic,geometric`, `--alt-normalise minmax,rank`, `--vary-imputation`, `--vary-treatment`. */
function uncertaintySpace(noise: string[], alternatives: string | undefined, normalisations: string | undefined, imputation = false, treatment = false): UncertaintySpace {
  return {
    normalisations: list(normalisations).map((name) => {
      const spec = ALTERNATIVE_NORMALISATIONS[name];
      if (!spec) throw new ScoringInputError(`--alt-normalise: expected ${Object.keys(ALTERNATIVE_NORMALISATIONS).join("|")}, got "${name}"`);
      return spec;
    }),
    imputation,
    treatment,
    noise: noise.map((spec) => {
      const match = /^(\d+):([0-9.]+)$/.exec(spec.trim());
      if (!match) throw new ScoringInputError(`--noise: expected LEVEL:FACTOR such as 2:0.25, got "${spec}"`);
      return { level: Number(match[1]), factor: Number(match[2]) };
    }),
    aggregates: (alternatives ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => {
        if (!AGGREGATES.includes(a as AggregateMethod)) throw new ScoringInputError(`--alt-aggregate: expected ${AGGREGATES.join("|")}, got "${a}"`);
        return a as AggregateMethod;
      }),
  };
}

export function main(argv: string[]): number {
  const temps: [string, string][] = [];
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...METHOD_FLAGS,
        "out-dir": { type: "string" },
        treat: { type: "boolean" },
        scenarios: { type: "string" },
        samples: { type: "string" },
        seed: { type: "string" },
        noise: { type: "string", multiple: true },
        "alt-aggregate": { type: "string" },
        "alt-normalise": { type: "string" },
        "vary-imputation": { type: "boolean" },
        "vary-treatment": { type: "boolean" },
        sensitivity: { type: "boolean" },
      },
      strict: true,
    });
    if (values.scenarios && values.samples) throw new ScoringInputError("give --scenarios or --samples, not both");
    if (values.sensitivity && !values.samples) throw new ScoringInputError("--sensitivity needs --samples N (runs per input) and the space to vary (--noise, --alt-aggregate, --alt-normalise, --vary-imputation, --vary-treatment)");
    for (const flag of ["meta", "data", "out-dir"] as const) if (!values[flag]) throw new ScoringInputError(`--${flag} is required`);
    const meta = parseIMeta(readInputText(values.meta!), values.meta!);
    const data = readIDataColumns(readInputBytes(values.data!), meta.model, values.data!, "utf8-bytes");
    const levelOne = meta.model.nodes.filter((n) => n.level === 1).map((n) => n.code);
    const missing = () => new Float64Array(data.unitCodes.length).fill(NaN);
    const cohort: Cohort = { unitCodes: data.unitCodes, columns: Object.fromEntries(levelOne.map((c) => [c, data.columns[c] ?? missing()])) };
    const scenarios = values.scenarios ? parseScenarios(readInputText(values.scenarios), meta.model, values.scenarios).scenarios : undefined;
    const sample = values.samples ? { space: uncertaintySpace(values.noise ?? [], values["alt-aggregate"], values["alt-normalise"], values["vary-imputation"], values["vary-treatment"]), samples: Number(values.samples), seed: values.seed, sensitivity: values.sensitivity } : undefined;
    const audit = auditCohort(meta.model, cohort, methodFromFlags(values), { treat: values.treat, scenarios, sample });
    const dir = values["out-dir"]!;
    mkdirSync(dir, { recursive: true });
    // Every file is written in full before any is moved into place: never a partial output.
    const scores = join(dir, "scores.csv");
    temps.push([temporaryBeside(scores), scores]);
    writeResultTable(temps[0]![0], audit.scored, "scores");
    for (const [name, text] of tables(audit, levelOne)) {
      const final = join(dir, name);
      temps.push([temporaryBeside(final), final]);
      writeFileSync(temps.at(-1)![0], text);
    }
    for (const [temp, final] of temps) renameSync(temp, final);
    process.stdout.write(`analysed ${data.unitCodes.length} units on ${audit.scored.nodeCodes.length} nodes; hash ${audit.scored.hash}; wrote ${temps.map(([, f]) => f).join(", ")}\n`);
    return 0;
  } catch (error) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    const known = error instanceof ScoringInputError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`analyse: ${(error as Error).message}\n`);
    return known ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/indicators\//, "/indicators/"))) {
  process.exitCode = main(process.argv.slice(2));
}
