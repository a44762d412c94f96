// Outlier treatment is an engine step (a campaign may score treated values); the audit also treats whole cohorts.
import type { ScoringModel } from "../engine/types";
import { treatColumn, type TreatmentRecord } from "../engine/treat";
import type { Cohort } from "./robustness";

export * from "../engine/treat";

/** Every indicator column treated (COINr `Treat()` defaults), with the record of each. */
export function treatCohort(model: ScoringModel, cohort: Cohort): { cohort: Cohort; treatment: { code: string; record: TreatmentRecord }[] } {
  const treatment: { code: string; record: TreatmentRecord }[] = [];
  const columns: Record<string, Float64Array> = {};
  for (const node of model.nodes) {
    if (node.level !== 1) continue;
    const raw = cohort.columns[node.code] ?? new Float64Array(cohort.unitCodes.length).fill(NaN);
    const { values, record } = treatColumn(raw);
    columns[node.code] = values;
    treatment.push({ code: node.code, record });
  }
  return { cohort: { unitCodes: cohort.unitCodes, columns }, treatment };
}

