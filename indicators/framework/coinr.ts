import { formatCsv, formatNumber, parseCsv } from "../io/csv";
import { findModelProblems } from "../engine/model";
import { IMETA_COLUMNS } from "../io/coinr";
import { flattenFramework, frameworkProblems } from "./load";
import { problemAt, type FrameworkProblemCode } from "./problems";
import type { SheetProblem } from "./workbook";
import { ROOT_CODE, toScoringModel } from "./model";
import { isIndicator, type Framework, type FrameworkNode } from "./schema";

/**
 * A framework as COINr's iMeta table. iName is the Chinese name; the extra columns iNameEn, Kind,
 * Unit and Concerns (ignored by COINr) keep what a round trip needs.
 */
export function frameworkToIMeta(framework: Framework): string {
  const model = toScoringModel(framework);
  const nodes = new Map(flattenFramework(framework).map((f) => [f.node.code, f.node]));
  return formatCsv([
    ["iCode", "iName", "Level", "Parent", "Weight", "Direction", "iNameEn", "Kind", "Unit", "Concerns"],
    ...model.nodes.map((m) => {
      const node = nodes.get(m.code);
      const ind = node && isIndicator(node) ? node : undefined;
      return [
        m.code,
        node?.name.zh ?? framework.name.zh,
        String(m.level),
        m.parent ?? "",
        formatNumber(m.weight),
        String(m.direction),
        node?.name.en ?? framework.name.en,
        ind?.kind ?? "",
        ind?.unit.en ?? "",
        (ind?.concerns ?? node?.concerns ?? []).join(" "),
      ];
    }),
  ]);
}

const MODEL_PROBLEM: [RegExp, FrameworkProblemCode][] = [
  [/^duplicate code/, "duplicateCode"],
  [/^weight must be > 0/, "weightNotPositive"],
  [/^unknown parent/, "unknownParent"],
  [/^cycle/, "cycle"],
  [/^code is empty/, "missing"],
];

/**
 * A draft framework from a COINr iMeta file: structure, names, weights and directions, or every
 * problem by line and column (nothing is returned unless all is well). Besides COINr's columns it
 * needs `iNameEn` (every name in both languages); `Kind`, `Unit` and `Concerns` are read when
 * present. Indicators come in as quantitative with no evidence requirement, to be completed in
 * the editor before publishing.
 */
export function iMetaToFramework(text: string, meta: { id: string; version: string; file?: string }): { framework: Framework; problems: [] } | { framework: null; problems: SheetProblem[] } {
  const file = meta.file ?? "iMeta.csv";
  const problems: SheetProblem[] = [];
  const add = (row: number | undefined, column: string | undefined, code: FrameworkProblemCode, message: string, vars: Record<string, string> = {}) =>
    problems.push({ ...problemAt([], code, message, vars), sheet: file, row, column });
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, file);
  } catch (e) {
    add((e as { location?: { line?: number } }).location?.line, undefined, "invalid", (e as Error).message, { detail: (e as Error).message });
    return { framework: null, problems };
  }
  const head = (records[0]?.fields ?? []).map((f) => f.trim());
  for (const column of [...IMETA_COLUMNS, "iNameEn"]) if (!head.includes(column)) add(1, column, "missingColumn", `column "${column}" is missing`, { column });
  if (problems.length) return { framework: null, problems };

  const rows = records.slice(1).map((rec) => {
    const cell = (column: string) => (head.indexOf(column) < 0 ? "" : (rec.fields[head.indexOf(column)] ?? "").trim());
    const num = (column: string) => {
      const v = cell(column);
      const n = v === "" ? NaN : Number(v);
      if (!Number.isFinite(n)) add(rec.line, column, "notANumber", `expected a number, got "${v}"`, { value: v });
      return n;
    };
    const row = { line: rec.line, code: cell("iCode"), parent: cell("Parent") || null, level: num("Level"), weight: num("Weight"), direction: num("Direction") as 1 | -1, zh: cell("iName"), en: cell("iNameEn"), kind: cell("Kind"), unit: cell("Unit"), concerns: cell("Concerns") };
    if (!row.zh) add(rec.line, "iName", "missingTranslation", "Chinese name is required", { language: "zh" });
    if (!row.en) add(rec.line, "iNameEn", "missingTranslation", "English name is required", { language: "en" });
    return row;
  });
  if (problems.length) return { framework: null, problems };
  for (const p of findModelProblems(rows)) {
    const column = { code: "iCode", parent: "Parent", level: "Level", weight: "Weight", direction: "Direction" }[p.field as string] ?? String(p.field);
    add(rows[p.index]?.line, column, MODEL_PROBLEM.find(([re]) => re.test(p.message))?.[1] ?? "invalid", p.message, { detail: p.message, code: rows[p.index]?.code ?? "" });
  }
  if (problems.length) return { framework: null, problems };

  const name = (r: (typeof rows)[number]) => ({ zh: r.zh, en: r.en });
  const root = rows.find((n) => n.parent === null)!;
  const build = (parent: string): FrameworkNode[] =>
    rows
      .filter((n) => n.parent === parent)
      .map((n): FrameworkNode => {
        if (n.level > 1) return { code: n.code, name: name(n), weight: n.weight, children: build(n.code) };
        return {
          code: n.code,
          name: name(n),
          description: name(n),
          weight: n.weight,
          kind: "quantitative",
          unit: { zh: n.unit || "—", en: n.unit || "—" },
          direction: n.direction === -1 ? "lower" : "higher",
          formula: { zh: "由 COINr iMeta 导入，待补充", en: "imported from COINr iMeta; to be completed" },
          evidence: [],
          dataSource: { zh: "COINr iMeta 导入", en: "imported from COINr iMeta" },
          concerns: n.concerns.split(/\s+/).filter(Boolean) as never[],
        };
      });
  const framework = {
    id: meta.id,
    version: meta.version,
    status: "draft" as const,
    name: root.code === ROOT_CODE ? { zh: root.zh, en: root.en } : name(root),
    description: { zh: "由 COINr iMeta 导入", en: "Imported from a COINr iMeta file" },
    dimensions: build(root.code),
  };
  const line = new Map(rows.map((r) => [r.code, r.line]));
  const rest = frameworkProblems(framework);
  if (!rest.length) return { framework, problems: [] };
  const nodeAt = (path: (string | number)[]) => {
    let nodes: FrameworkNode[] = framework.dimensions;
    let found: FrameworkNode | undefined;
    for (let i = 1; i < path.length && typeof path[i] === "number"; i += 2) {
      found = nodes[path[i] as number];
      if (!found || !("children" in found)) break;
      nodes = found.children;
    }
    return found;
  };
  return { framework: null, problems: rest.map((p) => ({ ...p, sheet: file, row: line.get(nodeAt(p.path)?.code ?? ""), column: String(p.path[p.path.length - 1] ?? "") })) };
}
