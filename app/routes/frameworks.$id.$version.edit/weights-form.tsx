import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { SharesHead } from "~/features/frameworks";
import { localText, useLocale, useT } from "~/features/i18n";
import { flattenFramework, isIndicator, weightShares, type Framework, type FrameworkNode } from "../../../indicators/browser";
import { parseTypedNumber } from "~/platform/typed-number";
import { errorProps, FieldError, useEditorErrors } from "./field-error";

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Every node's weight, with its nominal and effective share recomputed as the user types (the preview), saved together. */
export function WeightsForm({ document, revision }: { document: Framework; revision: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const errors = useEditorErrors("reweight");
  const rows = useMemo(() => flattenFramework(document), [document]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const weightOf = (node: FrameworkNode) => {
    const text = typed[node.code];
    if (text === undefined) return node.weight;
    const n = parseTypedNumber(text);
    return typeof n === "number" && n > 0 ? n : null;
  };
  // The preview with what is typed: a weight that is not yet a positive number counts as 0 and is flagged at once.
  const preview = useMemo(() => {
    const withTyped = (nodes: FrameworkNode[]): FrameworkNode[] => nodes.map((n) => ({ ...n, weight: weightOf(n) ?? 0, ...(isIndicator(n) ? {} : { children: withTyped(n.children) }) }) as FrameworkNode);
    return new Map(weightShares({ dimensions: withTyped(document.dimensions) }).map((s) => [s.code, s]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, document]);
  return (
    <section className="card">
      <h2>{t("indicatorTree")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="reweight" />
        <input type="hidden" name="revision" value={revision} />
        <div className="table-wrap">
          <table className="framework-tree editor" data-testid="weights-table">
            <SharesHead />
            <tbody>
              {rows.map(({ node, depth }) => {
                const id = `weight-${node.code}`;
                const invalid = typed[node.code] !== undefined && weightOf(node) === null;
                const error = invalid ? t("frameworkWeightFormat") : errors[`weight.${node.code}`];
                return (
                  <tr key={node.code} className={isIndicator(node) ? "indicator-row" : `group-row depth-${depth}`} data-code={node.code}>
                    <th scope="row" style={{ paddingLeft: `${depth * 0.8}em` }} data-label={t("codeColumn")}>
                      <Link to={`?node=${encodeURIComponent(node.code)}`} aria-label={`${t("editNode")} ${node.code}`}>
                        <code>{node.code}</code>
                      </Link>
                    </th>
                    <td data-label={t("nameColumn")}>{localText(locale, node.name)}</td>
                    <td data-label={t("weightColumn")}>
                      <label className="sr-only" htmlFor={id}>
                        {t("weightColumn")} {node.code}
                      </label>
                      <input id={id} name={`weight.${node.code}`} inputMode="decimal" size={6} defaultValue={String(node.weight)} onChange={(e) => setTyped((w) => ({ ...w, [node.code]: e.target.value }))} {...errorProps(id, error)} />
                      <FieldError id={id} error={error} />
                    </td>
                    <td data-label={t("nominalShare")} className="num">
                      {percent(preview.get(node.code)?.nominal ?? 0)}
                    </td>
                    <td data-label={t("effectiveShare")} className="num">
                      {percent(preview.get(node.code)?.effective ?? 0)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" disabled={busy}>
          {t("saveWeights")}
        </button>
      </Form>
    </section>
  );
}
