import { ScoringInputError } from "./errors";
import type { ModelNode, ScoringModel } from "./types";

export interface ModelProblem {
  /** Index of the offending node in `model.nodes`. */
  index: number;
  field: keyof ModelNode | "code";
  message: string;
}

/** Every structural problem of a scoring tree, in node order; an empty list means it is valid. */
export function findModelProblems(nodes: readonly ModelNode[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const byCode = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (!node.code) problems.push({ index, field: "code", message: "code is empty" });
    else if (byCode.has(node.code))
      problems.push({ index, field: "code", message: `duplicate code "${node.code}" (first at node ${byCode.get(node.code)! + 1})` });
    else byCode.set(node.code, index);
    if (!Number.isInteger(node.level) || node.level < 1)
      problems.push({ index, field: "level", message: `level must be a whole number ≥ 1, got ${node.level}` });
    if (!(Number.isFinite(node.weight) && node.weight > 0))
      problems.push({ index, field: "weight", message: `weight must be > 0, got ${node.weight}` });
    if (node.direction !== 1 && node.direction !== -1)
      problems.push({ index, field: "direction", message: `direction must be 1 or -1, got ${node.direction}` });
  });

  const roots = nodes.filter((n) => !n.parent);
  const maxLevel = Math.max(...nodes.map((n) => n.level));
  nodes.forEach((node, index) => {
    if (!node.parent) {
      if (roots.length > 1)
        problems.push({ index, field: "parent", message: `only one node may have no parent; found ${roots.map((r) => r.code).join(", ")}` });
      else if (node.level !== maxLevel)
        problems.push({ index, field: "level", message: `the top node must have the highest level (${maxLevel}), got ${node.level}` });
      return;
    }
    const parentIndex = byCode.get(node.parent);
    if (parentIndex === undefined) {
      problems.push({ index, field: "parent", message: `unknown parent "${node.parent}"` });
      return;
    }
    const cycle = findCycle(nodes, byCode, index);
    if (cycle) {
      problems.push({ index, field: "parent", message: `cycle: ${cycle.join(" → ")}` });
      return;
    }
    const parent = nodes[parentIndex]!;
    if (parent.level !== node.level + 1)
      problems.push({
        index,
        field: "level",
        message: `parent "${parent.code}" is at level ${parent.level}; a child must be exactly one level below it (expected ${parent.level - 1}, got ${node.level})`,
      });
  });
  if (nodes.length > 0 && roots.length === 0)
    problems.push({ index: 0, field: "parent", message: "no top node: exactly one node must have an empty parent" });

  const hasChildren = new Set(nodes.map((n) => n.parent).filter(Boolean));
  nodes.forEach((node, index) => {
    if (node.level > 1 && !hasChildren.has(node.code))
      problems.push({ index, field: "level", message: `aggregate "${node.code}" (level ${node.level}) has no children` });
  });
  return problems;
}

function findCycle(nodes: readonly ModelNode[], byCode: Map<string, number>, start: number): string[] | undefined {
  const seen = [nodes[start]!.code];
  let current = nodes[start]!.parent;
  while (current) {
    if (current === nodes[start]!.code) return [...seen, current];
    if (seen.includes(current)) return undefined; // a cycle above us, reported at its own nodes
    seen.push(current);
    const i = byCode.get(current);
    if (i === undefined) return undefined;
    current = nodes[i]!.parent;
  }
  return undefined;
}

/** A validated tree laid out for fast, level-by-level evaluation. */
export interface CompiledModel {
  model: ScoringModel;
  maxLevel: number;
  /** Indices into model.nodes of level-1 nodes, in model order. */
  indicators: number[];
  /** Aggregate node indices, lowest level first (children before parents). */
  aggregates: number[];
  children: number[][];
  /** Weights of each node's children, in `children` order. */
  childWeights: Float64Array[];
  /** Count of level-1 descendants (1 for an indicator). */
  leafCount: Int32Array;
  root: number;
  indexOf: Map<string, number>;
}

export function compileModel(model: ScoringModel): CompiledModel {
  const problems = findModelProblems(model.nodes);
  if (problems.length)
    throw new ScoringInputError(
      problems.map((p) => `nodes[${p.index}] (${model.nodes[p.index]?.code ?? "?"}).${p.field}: ${p.message}`).join("\n"),
    );
  const nodes = model.nodes;
  const indexOf = new Map(nodes.map((n, i) => [n.code, i]));
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    if (n.parent) children[indexOf.get(n.parent)!]!.push(i);
  });
  const order = nodes.map((_, i) => i);
  const indicators = order.filter((i) => nodes[i]!.level === 1);
  const aggregates = order.filter((i) => nodes[i]!.level > 1).sort((a, b) => nodes[a]!.level - nodes[b]!.level || a - b);
  const leafCount = new Int32Array(nodes.length);
  for (const i of indicators) leafCount[i] = 1;
  for (const a of aggregates) for (const c of children[a]!) leafCount[a]! += leafCount[c]!;
  return {
    model,
    maxLevel: Math.max(...nodes.map((n) => n.level)),
    indicators,
    aggregates,
    children,
    childWeights: children.map((cs) => Float64Array.from(cs, (c) => nodes[c]!.weight)),
    leafCount,
    root: nodes.findIndex((n) => !n.parent),
    indexOf,
  };
}
