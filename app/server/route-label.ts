import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children: RouteNode[];
}

/**
 * The Remix route that answers a path, as a metrics and log label: a bounded set of names
 * ("routes/campaigns.$slug.quality") instead of every address ever requested.
 */
export function routeLabeller(routes: ServerBuild["routes"]): (pathname: string) => string {
  const nodes = new Map<string, RouteNode>();
  for (const route of Object.values(routes)) {
    if (!route) continue;
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: [] });
  }
  const roots: RouteNode[] = [];
  for (const route of Object.values(routes)) {
    if (!route) continue;
    const node = nodes.get(route.id)!;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return (pathname) => {
    const matches = matchRoutes(roots as Parameters<typeof matchRoutes>[0], pathname);
    const deepest = matches?.at(-1)?.route as RouteNode | undefined;
    // The root alone matches nothing of the app's own (its splat-less layout is every page's parent).
    return deepest && deepest.id !== "root" ? deepest.id : "unmatched";
  };
}
