import { canonicalJson } from "../engine/canonical";
import { flattenFramework, frameworkRef } from "./load";
import { isIndicator, type Framework, type FrameworkNode } from "./schema";

export interface FrameworkDiff {
  from: string;
  to: string;
  added: string[];
  removed: string[];
  reweighted: { code: string; from: number; to: number }[];
  moved: { code: string; from: string | null; to: string | null }[];
  /** Text, rubric, normalisation or evidence changes, by field name. */
  changed: { code: string; fields: string[] }[];
}

function ownFields(node: FrameworkNode): Record<string, unknown> {
  const { children: _children, weight: _weight, ...rest } = node as FrameworkNode & { children?: unknown };
  return rest;
}

/** What changed between two versions of a framework, node by node (matched by code). */
export function diffFrameworks(a: Framework, b: Framework): FrameworkDiff {
  const before = new Map(flattenFramework(a).map((f) => [f.node.code, f]));
  const after = new Map(flattenFramework(b).map((f) => [f.node.code, f]));
  const diff: FrameworkDiff = { from: frameworkRef(a), to: frameworkRef(b), added: [], removed: [], reweighted: [], moved: [], changed: [] };
  for (const code of after.keys()) if (!before.has(code)) diff.added.push(code);
  for (const [code, old] of before) {
    const now = after.get(code);
    if (!now) {
      diff.removed.push(code);
      continue;
    }
    if (old.node.weight !== now.node.weight) diff.reweighted.push({ code, from: old.node.weight, to: now.node.weight });
    if (old.parent !== now.parent) diff.moved.push({ code, from: old.parent, to: now.parent });
    const x = ownFields(old.node);
    const y = ownFields(now.node);
    const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => canonicalJson(x[k]) !== canonicalJson(y[k]));
    if (isIndicator(old.node) !== isIndicator(now.node)) fields.push("(indicator/group)");
    if (fields.length) diff.changed.push({ code, fields: fields.sort() });
  }
  return diff;
}
