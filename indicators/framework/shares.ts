import { isIndicator, type Framework, type FrameworkNode } from "./schema";

export interface WeightShare {
  code: string;
  parent: string | null;
  depth: number;
  /** The node's weight over the sum of its siblings' weights. */
  nominal: number;
  /** Its share of the index under weighted arithmetic aggregation: the product of nominal shares down its path. */
  effective: number;
}

/**
 * Each node's nominal and effective weight share, in document order. Weights are relative within
 * a parent (COINr normalises them to sum to one), so these shares are what a reader compares.
 */
export function weightShares(framework: Pick<Framework, "dimensions">): WeightShare[] {
  const out: WeightShare[] = [];
  const visit = (nodes: FrameworkNode[], parent: string | null, depth: number, parentShare: number) => {
    const total = nodes.reduce((sum, n) => sum + n.weight, 0);
    for (const node of nodes) {
      const nominal = total > 0 ? node.weight / total : 0;
      out.push({ code: node.code, parent, depth, nominal, effective: nominal * parentShare });
      if (!isIndicator(node)) visit(node.children, node.code, depth + 1, nominal * parentShare);
    }
  };
  visit(framework.dimensions, null, 1, 1);
  return out;
}
