import type { ZodIssue } from "zod";
import { frameworkSchema, groupSchema, indicatorSchema, isIndicator, type Framework, type FrameworkNode } from "./schema";

export class FrameworkError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "FrameworkError";
  }
}

function pathText(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function issues(prefix: (string | number)[], list: ZodIssue[]): string[] {
  return list.map((i) => `${pathText([...prefix, ...i.path])}: ${i.message}`);
}

function validateNode(value: unknown, path: (string | number)[], problems: string[]): void {
  const isObject = value !== null && typeof value === "object";
  const schema = isObject && "kind" in value ? indicatorSchema : groupSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) problems.push(...issues(path, parsed.error.issues));
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
 * Validates a framework document completely: every problem is listed with its path
 * (`dimensions[2].children[0].weight: must be > 0`); nothing is returned unless all is well.
 */
export function parseFramework(document: unknown, source = "framework"): Framework {
  const problems: string[] = [];
  const top = frameworkSchema.safeParse(document);
  if (!top.success) problems.push(...issues([], top.error.issues));
  const dimensions = (document as { dimensions?: unknown })?.dimensions;
  if (Array.isArray(dimensions)) dimensions.forEach((d, i) => validateNode(d, ["dimensions", i], problems));
  if (problems.length) throw new FrameworkError(source, problems);

  const framework = document as Framework;
  const seen = new Map<string, string>();
  const depths = new Map<number, string>();
  walk(framework.dimensions, ["dimensions"], (node, path, depth) => {
    const where = pathText(path);
    if (seen.has(node.code)) problems.push(`${where}.code: duplicate code "${node.code}" (also at ${seen.get(node.code)})`);
    else seen.set(node.code, where);
    if (isIndicator(node)) {
      if (!depths.has(depth)) depths.set(depth, where);
      if (node.kind === "quantitative" && node.expectedRange && node.expectedRange[0] > node.expectedRange[1])
        problems.push(`${where}.expectedRange: minimum is above maximum`);
    }
  });
  if (seen.has("Index")) problems.push(`"Index" is reserved for the overall score`);
  if (depths.size > 1)
    problems.push(
      `indicators must all sit at the same depth, as COINr's levels require; found depths ${[...depths.entries()].map(([d, w]) => `${d} (${w})`).join(", ")}`,
    );
  if (problems.length) throw new FrameworkError(source, problems);
  return framework;
}

export function parseFrameworkJson(text: string, source = "framework"): Framework {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new FrameworkError(source, [`not valid JSON: ${(e as Error).message}`]);
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
