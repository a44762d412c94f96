import { scoreColumns, scoreUnits } from "../../indicators/engine/score";
import type { ModelNode, ScoringModel, UnitInput } from "../../indicators/engine/types";

/** A 4-level tree of 60 indicators: Index → 3 sub-indices → 12 pillars → 60 indicators. */
export function benchModel(): ScoringModel {
  const nodes: ModelNode[] = [];
  for (let s = 0; s < 3; s++) {
    for (let p = 0; p < 4; p++) {
      for (let i = 0; i < 5; i++)
        nodes.push({ code: `i${s}${p}${i}`, parent: `P${s}${p}`, level: 1, weight: 1 + ((s + p + i) % 3), direction: i % 4 === 0 ? -1 : 1 });
      nodes.push({ code: `P${s}${p}`, parent: `S${s}`, level: 2, weight: 1 + (p % 2), direction: 1 });
    }
    nodes.push({ code: `S${s}`, parent: "Index", level: 3, weight: 1, direction: 1 });
  }
  nodes.push({ code: "Index", parent: null, level: 4, weight: 1, direction: 1 });
  return { id: "bench@1", nodes };
}

/** Deterministic pseudo-random units (xorshift), about 3% missing. */
export function benchUnits(model: ScoringModel, count: number): UnitInput[] {
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const indicators = model.nodes.filter((n) => n.level === 1).map((n) => n.code);
  return Array.from({ length: count }, (_, u) => ({
    code: `U${String(u).padStart(6, "0")}`,
    values: Object.fromEntries(indicators.map((c) => [c, next() < 0.03 ? null : Math.round(next() * 1e6) / 100])),
  }));
}

export function timeIt(fn: () => void, runs: number): { medianMs: number; p95Ms: number; minMs: number; runs: number } {
  // Warm-up until V8 has tiered the hot loops up (about ten calls of the towns case here), as
  // benchmark harnesses do: at least 10 calls and 1 s.
  const warmUntil = performance.now() + 1000;
  for (let i = 0; i < 10 || performance.now() < warmUntil; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return { medianMs: round(times[runs >> 1]!), p95Ms: round(times[Math.floor(runs * 0.95)]!), minMs: round(times[0]!), runs };
}

/**
 * Each case builds its own inputs and lets go of them afterwards: the column cases must not keep
 * 20,401 unit objects alive, whose marking would otherwise be timed as part of every collection.
 */
export function scoringBench() {
  const model = benchModel();
  const options = { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic" } as const;
  const indicatorCodes = model.nodes.filter((n) => n.level === 1).map((n) => n.code);
  const columnsCase = (count: number, targetMs: number, runs: number) => {
    const units = benchUnits(model, count);
    const codes = units.map((u) => u.code);
    const columns = Object.fromEntries(indicatorCodes.map((c) => [c, Float64Array.from(units, (u) => u.values[c] ?? NaN)]));
    units.length = 0;
    return { targetMs, ...timeIt(() => scoreColumns(model, codes, columns, options), runs) };
  };
  const unitsCase = (count: number, targetMs: number | null, runs: number) => {
    const units = benchUnits(model, count);
    return { targetMs, ...timeIt(() => scoreUnits(model, units, options), runs) };
  };
  return [
    { name: "score 700 cities × 60 indicators (4 levels), columns", ...columnsCase(700, 10, 30) },
    { name: "score 20,401 towns × 60 indicators (4 levels), columns", ...columnsCase(20_401, 150, 20) },
    { name: "score 700 cities × 60 indicators (4 levels), unit objects", ...unitsCase(700, 10, 30) },
    // No target: beyond the engine's work this measures collecting a heap of 20,401 live objects.
    { name: "score 20,401 towns × 60 indicators (4 levels), unit objects", ...unitsCase(20_401, null, 20) },
  ];
}
