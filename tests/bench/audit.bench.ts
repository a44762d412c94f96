import { auditCohort, type Cohort } from "../../indicators/audit/index";
import { parseIData, parseIMeta } from "../../indicators/io/coinr";
import { readAsem } from "../indicators/reference";
import { benchModel, benchUnits, timeIt } from "./scoring.bench";

const columnsOf = (units: ReturnType<typeof benchUnits>, codes: string[]): Cohort => ({
  unitCodes: units.map((u) => u.code),
  columns: Object.fromEntries(codes.map((c) => [c, Float64Array.from(units, (u) => u.values[c] ?? NaN)])),
});

/** The statistical audit's speed targets (issue 17): uncertainty and sensitivity in the engine. */
export function auditBench() {
  const meta = parseIMeta(readAsem("iMeta.csv"));
  const asemUnits = parseIData(readAsem("iData.csv"), meta.model);
  const asemCodes = meta.model.nodes.filter((n) => n.level === 1).map((n) => n.code);
  const asem: Cohort = { unitCodes: asemUnits.map((u) => u.code), columns: Object.fromEntries(asemCodes.map((c) => [c, Float64Array.from(asemUnits, (u) => u.values[c] ?? NaN)])) };
  const minmax = { normalise: { method: "minmax", range: [1, 100] }, aggregate: "arithmetic" } as const;
  const asemSpace = { noise: [{ level: 2, factor: 0.25 }, { level: 3, factor: 0.25 }], aggregates: ["arithmetic", "geometric"] as const };

  const model = benchModel();
  const pilots = benchUnits(model, 277);
  const pilotCohort = columnsOf(pilots, model.nodes.filter((n) => n.level === 1).map((n) => n.code));
  const pilotSpace = { noise: [{ level: 2, factor: 0.25 }, { level: 3, factor: 0.25 }], aggregates: ["arithmetic", "geometric"] as const };
  return [
    {
      name: "audit ASEM (51 units × 49 indicators): 10,000 samples with sensitivity indices",
      targetMs: 1000,
      ...timeIt(() => auditCohort(meta.model, asem, minmax, { sample: { space: asemSpace, samples: 10_000, seed: "bench", sensitivity: true } }), 3),
    },
    {
      name: "audit 277 pilots × 60 indicators: 10,000 samples (rank intervals)",
      targetMs: 2000,
      ...timeIt(() => auditCohort(model, pilotCohort, minmax, { sample: { space: pilotSpace, samples: 10_000, seed: "bench" } }), 3),
    },
  ];
}
