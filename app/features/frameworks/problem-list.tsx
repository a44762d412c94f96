import type { Framework, FrameworkNode, FrameworkProblem } from "../../../indicators";
import { termKey, useLocale, useT } from "../i18n";
import { problemWhat } from "./problem-text";

/** The code of the deepest node a document path passes through ("dimensions[1].children[0].weight" → that node's code). */
export function nodeCodeAt(document: Framework, path: readonly (string | number)[]): { code: string | null; field: string } {
  let nodes: FrameworkNode[] | undefined = document.dimensions;
  let code: string | null = null;
  let i = 1;
  for (; path[0] === "dimensions" && i < path.length && typeof path[i] === "number"; i += 2) {
    const node: FrameworkNode | undefined = nodes?.[path[i] as number];
    if (!node) break;
    code = node.code;
    nodes = "children" in node ? node.children : undefined;
    if (path[i + 1] !== "children") break;
  }
  const rest = path[0] === "dimensions" ? path.slice(i + 1) : path;
  return { code, field: rest.filter((p) => typeof p === "string").join(".") };
}

/** A draft's problems, each on the node it is about, in the reader's language. */
export function ProblemList({ problems, document }: { problems: readonly FrameworkProblem[]; document: Framework }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="problem-list" data-testid="draft-problems">
      {problems.map((p, i) => {
        const at = nodeCodeAt(document, p.path);
        const field = at.field.split(".")[0] ?? "";
        const fieldName = field && termKey("field", field) !== "unknownTerm" ? t(termKey("field", field)) : field;
        return (
          <li key={i}>
            {at.code ? <code>{at.code}</code> : null}
            {fieldName ? ` ${fieldName}` : ""}: {problemWhat(locale, p)}
          </li>
        );
      })}
    </ul>
  );
}
