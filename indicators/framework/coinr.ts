import { formatCsv, formatNumber, parseCsv } from "../io/csv";
import { parseIMeta } from "../io/coinr";
import { flattenFramework, parseFramework } from "./load";
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

/**
 * A draft framework from a COINr iMeta file: structure, names, weights and directions. Indicators
 * come in as quantitative with no evidence requirement; an assessor completes them before publishing.
 */
export function iMetaToFramework(text: string, meta: { id: string; version: string; file?: string }): Framework {
  const { model, names } = parseIMeta(text, meta.file ?? "iMeta.csv", `${meta.id}@${meta.version}`);
  const records = parseCsv(text);
  const head = records[0]!.fields.map((f) => f.trim());
  const extra = (code: string, column: string) => {
    const c = head.indexOf(column);
    const row = records.find((r) => r.fields[head.indexOf("iCode")]?.trim() === code);
    return c < 0 || !row ? "" : (row.fields[c] ?? "").trim();
  };
  const text2 = (code: string) => ({ zh: names.get(code) || code, en: extra(code, "iNameEn") || names.get(code) || code });
  const root = model.nodes.find((n) => n.parent === null)!;
  const build = (parent: string): FrameworkNode[] =>
    model.nodes
      .filter((n) => n.parent === parent)
      .map((n): FrameworkNode => {
        if (n.level > 1) return { code: n.code, name: text2(n.code), weight: n.weight, children: build(n.code) };
        return {
          code: n.code,
          name: text2(n.code),
          description: text2(n.code),
          weight: n.weight,
          kind: "quantitative",
          unit: { zh: extra(n.code, "Unit") || "—", en: extra(n.code, "Unit") || "—" },
          direction: n.direction === -1 ? "lower" : "higher",
          formula: { zh: "由 COINr iMeta 导入，待补充", en: "imported from COINr iMeta; to be completed" },
          evidence: [],
          dataSource: { zh: "COINr iMeta 导入", en: "imported from COINr iMeta" },
          concerns: extra(n.code, "Concerns").split(/\s+/).filter(Boolean) as never[],
        };
      });
  return parseFramework(
    {
      id: meta.id,
      version: meta.version,
      status: "draft",
      name: text2(root.code === ROOT_CODE ? ROOT_CODE : root.code),
      description: { zh: "由 COINr iMeta 导入", en: "Imported from a COINr iMeta file" },
      dimensions: build(root.code),
    },
    meta.file ?? "iMeta.csv",
  );
}
