import { canonicalJson } from "../engine/canonical";
import { flattenFramework, frameworkRef } from "./load";
import { frameworkIndicators } from "./model";
import { isIndicator, type Framework, type FrameworkNode, type LocalText } from "./schema";
import { weightShares } from "./shares";

/** Which indicator of the older version became which of the newer one; null: dropped. Codes not named map to themselves. */
export type CodeMapping = Readonly<Record<string, string | null>>;

export interface FrameworkDiff {
  from: string;
  to: string;
  added: string[];
  removed: string[];
  /** Indicators that carry on under another code (from the mapping). */
  recoded: { from: string; to: string }[];
  /** Nodes whose own weight changed, with their share of the parent and of the index before and after (others' shares follow from these). */
  reweighted: { code: string; from: number; to: number; nominal: [number, number]; effective: [number, number] }[];
  moved: { code: string; from: string | null; to: string | null }[];
  renamed: { code: string; from: LocalText; to: LocalText }[];
  /** Text, rubric, normalisation or evidence changes, by field name. */
  changed: { code: string; fields: string[] }[];
}

function ownFields(node: FrameworkNode): Record<string, unknown> {
  const { children: _children, weight: _weight, code: _code, ...rest } = node as FrameworkNode & { children?: unknown };
  return rest;
}

/**
 * What changed between two versions of a framework, node by node: matched by code, or for
 * indicators through the mapping when one is given.
 */
export function diffFrameworks(a: Framework, b: Framework, mapping: CodeMapping = {}): FrameworkDiff {
  const before = new Map(flattenFramework(a).map((f) => [f.node.code, f]));
  const after = new Map(flattenFramework(b).map((f) => [f.node.code, f]));
  const sharesA = new Map(weightShares(a).map((s) => [s.code, s]));
  const sharesB = new Map(weightShares(b).map((s) => [s.code, s]));
  const diff: FrameworkDiff = { from: frameworkRef(a), to: frameworkRef(b), added: [], removed: [], recoded: [], reweighted: [], moved: [], renamed: [], changed: [] };
  const matched = new Set<string>();
  for (const [code, old] of before) {
    const target = Object.hasOwn(mapping, code) ? mapping[code]! : code;
    const now = target === null ? undefined : after.get(target);
    if (!now) {
      diff.removed.push(code);
      continue;
    }
    matched.add(now.node.code);
    const shown = now.node.code;
    if (shown !== code) diff.recoded.push({ from: code, to: shown });
    const sa = sharesA.get(code)!;
    const sb = sharesB.get(shown)!;
    if (old.node.weight !== now.node.weight)
      diff.reweighted.push({ code: shown, from: old.node.weight, to: now.node.weight, nominal: [sa.nominal, sb.nominal], effective: [sa.effective, sb.effective] });
    if (old.parent !== now.parent) diff.moved.push({ code: shown, from: old.parent, to: now.parent });
    if (canonicalJson(old.node.name) !== canonicalJson(now.node.name)) diff.renamed.push({ code: shown, from: old.node.name, to: now.node.name });
    const x = ownFields(old.node);
    const y = ownFields(now.node);
    const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k]));
    if (isIndicator(old.node) !== isIndicator(now.node)) fields.push("(indicator/group)");
    if (fields.length) diff.changed.push({ code: shown, fields: fields.sort() });
  }
  for (const code of after.keys()) if (!matched.has(code)) diff.added.push(code);
  return diff;
}

/**
 * A starting mapping for two versions: each removed indicator to the added one with the same
 * Chinese name, when exactly one has it. People confirm or change it with the diff.
 */
export function suggestMapping(a: Framework, b: Framework): Record<string, string | null> {
  const newCodes = new Set(frameworkIndicators(b).map((i) => i.code));
  const oldCodes = new Set(frameworkIndicators(a).map((i) => i.code));
  const addedByName = new Map<string, string[]>();
  for (const ind of frameworkIndicators(b)) if (!oldCodes.has(ind.code)) addedByName.set(ind.name.zh, [...(addedByName.get(ind.name.zh) ?? []), ind.code]);
  const out: Record<string, string | null> = {};
  for (const ind of frameworkIndicators(a)) {
    if (newCodes.has(ind.code)) continue;
    const same = addedByName.get(ind.name.zh);
    out[ind.code] = same?.length === 1 ? same[0]! : null;
  }
  return out;
}
