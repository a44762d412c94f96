import { parseRule, RuleSyntaxError } from "../quality/rule";
import { fromZodIssue, problemAt, type FrameworkProblem } from "./problems";
import { frameworkSchema, groupSchema, indicatorSchema, isIndicator, type Framework, type FrameworkNode } from "./schema";

export function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

const problemText = (p: FrameworkProblem) => (p.path.length ? `${pathText(p.path)}: ${p.message}` : p.message);

export class FrameworkError extends Error {
  /** Each problem as `path: message`, in English. */
  readonly problems: string[];
  constructor(
    readonly source: string,
    problems: (string | FrameworkProblem)[],
  ) {
    const details = problems.map((p) => (typeof p === "string" ? problemAt([], "invalid", p, { detail: p }) : p));
    const texts = details.map(problemText);
    super(`${source}: ${texts.length} problem${texts.length === 1 ? "" : "s"}\n${texts.map((p) => `  ${p}`).join("\n")}`);
    this.name = "FrameworkError";
    this.problems = texts;
    this.details = details;
  }
  /** The same problems with codes and paths, for a reader's language and for locating them in a file. */
  readonly details: FrameworkProblem[];
}

function validateNode(value: unknown, path: (string | number)[], problems: FrameworkProblem[]): void {
  const isObject = value !== null && typeof value === "object";
  const schema = isObject && "kind" in value ? indicatorSchema : groupSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => fromZodIssue(path, i)));
  if (isObject && !("kind" in value) && Array.isArray((value as { children?: unknown }).children))
    (value as { children: unknown[] }).children.forEach((child, i) => validateNode(child, [...path, "children", i], problems));
}

function walk(nodes: FrameworkNode[], path: (string | number)[], visit: (node: FrameworkNode, path: (string | number)[], depth: number) => void, depth = 1) {
  nodes.forEach((node, i) => {
    const p = [...path, i];
    visit(node, p, depth);
    if (!isIndicator(node)) walk(node.children, [...p, "children"], visit, depth + 1);
  });
}

/**
 * Every problem of a framework document, each with its path and code; empty when it is valid.
 * Structural checks (duplicates, depths, ranges) run once every node has the right shape.
 */
export function frameworkProblems(document: unknown): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  const top = frameworkSchema.safeParse(document);
  if (!top.success) problems.push(...top.error.issues.map((i) => fromZodIssue([], i)));
  const dimensions = (document as { dimensions?: unknown })?.dimensions;
  if (Array.isArray(dimensions)) dimensions.forEach((d, i) => validateNode(d, ["dimensions", i], problems));
  if (problems.length) return problems;

  const framework = document as Framework;
  const seen = new Map<string, string>();
  const depths = new Map<number, (string | number)[]>();
  const indicatorCodes = new Set<string>();
  walk(framework.dimensions, ["dimensions"], (node, path, depth) => {
    const where = pathText(path);
    if (seen.has(node.code)) problems.push(problemAt([...path, "code"], "duplicateCode", `duplicate code "${node.code}" (also at ${seen.get(node.code)})`, { code: node.code }));
    else seen.set(node.code, where);
    if (node.code === "Index") problems.push(problemAt([...path, "code"], "reservedCode", `"Index" is reserved for the overall score`, { code: node.code }));
    if (isIndicator(node)) {
      indicatorCodes.add(node.code);
      if (!depths.has(depth)) depths.set(depth, path);
      if (node.kind === "quantitative" && node.expectedRange && node.expectedRange[0] > node.expectedRange[1])
        problems.push(problemAt([...path, "expectedRange"], "rangeInverted", "minimum is above maximum"));
    }
  });
  const ruleIds = new Set<string>();
  const ruleCodes = [...indicatorCodes];
  framework.rules?.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push(problemAt(["rules", i, "id"], "duplicateCode", `duplicate rule id "${rule.id}"`, { code: rule.id }));
    ruleIds.add(rule.id);
    try {
      parseRule(rule.expression, ruleCodes);
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      problems.push(problemAt(["rules", i, "expression"], "badRule", `rule "${rule.id}": ${error.message}`, { rule: rule.expression, position: String(error.position + 1), reason: error.reason }));
    }
  });
  if (depths.size > 1) {
    const found = [...depths.entries()].map(([d, p]) => `${d} (${pathText(p)})`).join(", ");
    problems.push(problemAt([...depths.values()][1]!, "mixedDepth", `indicators must all sit at the same depth, as COINr's levels require; found depths ${found}`, { depths: found }));
  }
  return problems;
}

/**
 * Validates a framework document completely: every problem is listed with its path
 * (`dimensions[2].children[0].weight: must be > 0`); nothing is returned unless all is well.
 */
export function parseFramework(document: unknown, source = "framework"): Framework {
  const problems = frameworkProblems(document);
  if (problems.length) throw new FrameworkError(source, problems);
  return document as Framework;
}

export function parseFrameworkJson(text: string, source = "framework"): Framework {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new FrameworkError(source, [problemAt([], "badJson", `not valid JSON: ${(e as Error).message}`, { detail: (e as Error).message })]);
  }
  return parseFramework(document, source);
}

/** Every node with its parent code and depth (1 = dimension), in document order. */
export function flattenFramework(framework: Framework): { node: FrameworkNode; parent: string | null; depth: number }[] {
  const out: { node: FrameworkNode; parent: string | null; depth: number }[] = [];
  const visit = (nodes: FrameworkNode[], parent: string | null, depth: number) => {
    for (const node of nodes) {
      out.push({ node, parent, depth });
      if (!isIndicator(node)) visit(node.children, node.code, depth + 1);
    }
  };
  visit(framework.dimensions, null, 1);
  return out;
}

export const frameworkRef = (f: Pick<Framework, "id" | "version">) => `${f.id}@${f.version}`;
