import { isIndicator, type Framework, type FrameworkNode, type GroupNode } from "./schema";

/** An edit that cannot apply to this draft (unknown code, a move into its own subtree…); `field` names the form field at fault. */
export class FrameworkEditError extends Error {
  constructor(
    readonly code: "unknownNode" | "duplicateCode" | "parentIsIndicator" | "moveIntoItself" | "lastChild",
    readonly vars: Record<string, string>,
    readonly field?: string,
  ) {
    super(`${code}: ${JSON.stringify(vars)}`);
    this.name = "FrameworkEditError";
  }
}

type Located = { node: FrameworkNode; siblings: FrameworkNode[]; index: number; parent: GroupNode | null };

function locate(doc: Framework, code: string): Located | null {
  const visit = (nodes: FrameworkNode[], parent: GroupNode | null): Located | null => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.code === code) return { node, siblings: nodes, index: i, parent };
      if (!isIndicator(node)) {
        const found = visit(node.children, node);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(doc.dimensions, null);
}

function must(doc: Framework, code: string, field?: string): Located {
  const found = locate(doc, code);
  if (!found) throw new FrameworkEditError("unknownNode", { code }, field);
  return found;
}

/** The list a new child goes into: the dimensions (parent null) or a group's children. */
function childrenOf(doc: Framework, parent: string | null, field: string): FrameworkNode[] {
  if (parent === null) return doc.dimensions;
  const target = must(doc, parent, field).node;
  if (isIndicator(target)) throw new FrameworkEditError("parentIsIndicator", { code: parent }, field);
  return target.children;
}

const contains = (node: FrameworkNode, code: string): boolean => !isIndicator(node) && node.children.some((c) => c.code === code || contains(c, code));

/** Each edit returns a new document; the one passed in is not changed. */
const copy = (doc: Framework): Framework => structuredClone(doc);

export function addNode(doc: Framework, parent: string | null, node: FrameworkNode): Framework {
  const next = copy(doc);
  if (locate(next, node.code)) throw new FrameworkEditError("duplicateCode", { code: node.code }, "code");
  childrenOf(next, parent, "parent").push(structuredClone(node));
  return next;
}

export function removeNode(doc: Framework, code: string): Framework {
  const next = copy(doc);
  const found = must(next, code);
  // A group must keep a child and a framework a dimension: remove the parent instead.
  if (found.siblings.length === 1) throw new FrameworkEditError("lastChild", { code, parent: found.parent?.code ?? "" });
  found.siblings.splice(found.index, 1);
  return next;
}

export function moveNode(doc: Framework, code: string, parent: string | null): Framework {
  const next = copy(doc);
  const found = must(next, code);
  if ((found.parent?.code ?? null) === parent) return next;
  if (parent !== null && (parent === code || contains(found.node, parent))) throw new FrameworkEditError("moveIntoItself", { code, parent }, "parent");
  const target = childrenOf(next, parent, "parent");
  if (found.siblings.length === 1) throw new FrameworkEditError("lastChild", { code, parent: found.parent?.code ?? "" });
  found.siblings.splice(found.index, 1);
  target.push(found.node);
  return next;
}

/** Sets weights by code; codes not named keep theirs. */
export function reweight(doc: Framework, weights: Readonly<Record<string, number>>): Framework {
  const next = copy(doc);
  for (const [code, weight] of Object.entries(weights)) must(next, code, `weight.${code}`).node.weight = weight;
  return next;
}

/** Replaces a node's own fields (not its code or children); `undefined` removes an optional field. */
export function updateNode(doc: Framework, code: string, fields: Partial<Omit<FrameworkNode, "code" | "children">>): Framework {
  const next = copy(doc);
  const found = must(next, code);
  const node = found.node as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete node[key];
    else node[key] = structuredClone(value);
  }
  return next;
}

/** A node by code, or null. */
export const findNode = (doc: Framework, code: string): FrameworkNode | null => locate(doc, code)?.node ?? null;
