import { flagsAfterSave, plausibilityFlags, type CheckInput } from "../../indicators/quality";
import { benchModel, benchUnits, timeIt } from "./scoring.bench";

/** A cohort's checks as a campaign runs them: 30 rules over neighbouring indicators, every value against its cohort and last year. */
function checkInput(count: number): CheckInput {
  const model = benchModel();
  const codes = model.nodes.filter((n) => n.level === 1).map((n) => n.code);
  const units = benchUnits(model, count);
  const lastYear = benchUnits(model, count).map((u) => ({ ...u, values: Object.fromEntries(Object.entries(u.values).map(([c, v]) => [c, v == null ? null : v * 0.9])) }));
  const columns = (list: typeof units) => Object.fromEntries(codes.map((c) => [c, Float64Array.from(list, (u) => u.values[c] ?? NaN)]));
  return {
    rules: Array.from({ length: 30 }, (_, r) => ({
      id: `r${r}`,
      expression: r % 2 ? `${codes[r]} <= ${codes[r + 1]} * 2` : `${codes[r]} + ${codes[r + 1]} <= 15000`,
      severity: r % 3 ? "warning" : "error",
      message: { zh: "规则", en: "rule" },
    })),
    indicators: codes.map((code, i) => ({ code, expectedRange: [0, 10_000] as const, maxChange: 0.3, expectsChange: i % 2 === 0 })),
    current: { unitCodes: units.map((u) => u.code), columns: columns(units) },
    previous: { unitCodes: lastYear.map((u) => u.code), columns: columns(lastYear) },
  };
}

/** Issue 18's targets: all checks of a campaign, and the checks one save changes. */
export function qualityBench() {
  const pilots = checkInput(277);
  const towns = checkInput(20_401);
  return [
    { name: "plausibility checks, 277 cities × 60 indicators, 30 rules", targetMs: 200, ...timeIt(() => plausibilityFlags(pilots), 20) },
    { name: "plausibility checks, 20,401 towns × 60 indicators, 30 rules", targetMs: 3000, ...timeIt(() => plausibilityFlags(towns), 5) },
    { name: "plausibility checks after one saved value (277 cities)", targetMs: 5, ...timeIt(() => flagsAfterSave(pilots, "i000", pilots.current.unitCodes[17]!), 200) },
  ];
}
