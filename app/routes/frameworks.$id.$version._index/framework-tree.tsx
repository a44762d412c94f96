import { useMemo, useState } from "react";
import { flattenFramework, isIndicator, type Framework, type IndicatorNode, type WeightShare } from "../../../indicators/browser";
import { SharesHead } from "~/features/frameworks";
import { localText, termKey, useLocale, useT } from "~/features/i18n";

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The indicator tree with nominal and effective shares, searchable, each indicator's definition one click away. */
export function FrameworkTree({ document, shares }: { document: Framework; shares: WeightShare[] }) {
  const t = useT();
  const locale = useLocale();
  const [query, setQuery] = useState("");
  const share = useMemo(() => new Map(shares.map((s) => [s.code, s])), [shares]);
  const rows = useMemo(() => flattenFramework(document), [document]);
  const q = query.trim().toLowerCase();
  const matches = (code: string) => {
    if (!q) return true;
    const node = rows.find((r) => r.node.code === code)!.node;
    return [node.code, node.name.zh, node.name.en, node.description?.zh ?? "", node.description?.en ?? ""].some((s) => s.toLowerCase().includes(q));
  };
  // A matching indicator keeps its ancestors on screen, so it is read in its place in the tree.
  const shown = new Set<string>();
  for (const r of rows)
    if (matches(r.node.code)) {
      let c: string | null = r.node.code;
      while (c) {
        shown.add(c);
        c = share.get(c)?.parent ?? null;
      }
    }
  return (
    <section className="card">
      <h2>{t("indicatorTree")}</h2>
      <label htmlFor="framework-search">{t("searchIndicators")}</label>
      <input id="framework-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      {q && !shown.size ? <p className="muted">{t("searchNoMatch", { query })}</p> : null}
      <div className="table-wrap">
        <table className="framework-tree" data-testid="framework-tree">
          <SharesHead />
          <tbody>
            {rows
              .filter((r) => shown.has(r.node.code))
              .map(({ node, depth }) => (
                <tr key={node.code} className={isIndicator(node) ? "indicator-row" : `group-row depth-${depth}`} data-code={node.code}>
                  <th scope="row" style={{ paddingLeft: `${depth * 0.8}em` }} data-label={t("codeColumn")}>
                    <code>{node.code}</code>
                  </th>
                  <td data-label={t("nameColumn")}>
                    {isIndicator(node) ? (
                      <details>
                        <summary>
                          {localText(locale, node.name)}
                          {node.confirmed === false ? <span className="badge unconfirmed"> {t("unconfirmed")}</span> : null}
                        </summary>
                        <IndicatorDetails node={node} />
                      </details>
                    ) : (
                      <strong>
                        {localText(locale, node.name)}
                        {node.confirmed === false ? <span className="badge unconfirmed"> {t("unconfirmed")}</span> : null}
                      </strong>
                    )}
                  </td>
                  <td data-label={t("weightColumn")} className="num">
                    {node.weight}
                  </td>
                  <td data-label={t("nominalShare")} className="num">
                    {percent(share.get(node.code)!.nominal)}
                  </td>
                  <td data-label={t("effectiveShare")} className="num">
                    {percent(share.get(node.code)!.effective)}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function IndicatorDetails({ node }: { node: IndicatorNode }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="indicator-details">
      <dt>{t("kindColumn")}</dt>
      <dd>{t(termKey("indicatorKind", node.kind))}</dd>
      <dt>{t("definition")}</dt>
      <dd>{localText(locale, node.description)}</dd>
      <dt>{t("unit")}</dt>
      <dd>{localText(locale, node.unit)}</dd>
      <dt>{t("direction")}</dt>
      <dd>{t(termKey("direction", node.direction))}</dd>
      {node.kind === "quantitative" ? (
        <>
          <dt>{t("formula")}</dt>
          <dd>{localText(locale, node.formula)}</dd>
          {node.expectedRange ? (
            <>
              <dt>{t("expectedRange")}</dt>
              <dd>
                {node.expectedRange[0]} – {node.expectedRange[1]}
              </dd>
            </>
          ) : null}
        </>
      ) : null}
      {node.kind === "rubric" ? (
        <>
          <dt>{t("rubricLevels")}</dt>
          <dd>
            <ol className="rubric-levels">
              {node.levels.map((l) => (
                <li key={l.level} value={l.level}>
                  {t("levelColumn")} {l.level} ({t("scoreColumn")} {l.score}): {localText(locale, l.descriptor)}
                </li>
              ))}
            </ol>
          </dd>
        </>
      ) : null}
      <dt>{t("evidenceRequirements")}</dt>
      <dd>
        {node.evidence.length ? (
          <ul>
            {node.evidence.map((e, i) => (
              <li key={i}>
                {t(termKey("evidenceKind", e.kind))} ({e.mandatory ? t("evidenceIsMandatory") : t("evidenceOptional")}): {localText(locale, e.description)}
              </li>
            ))}
          </ul>
        ) : (
          "—"
        )}
      </dd>
      <dt>{t("dataSourceLabel")}</dt>
      <dd>{localText(locale, node.dataSource)}</dd>
      {node.concerns.length ? (
        <>
          <dt>{t("concernsLabel")}</dt>
          <dd>{node.concerns.map((c) => t(termKey("concern", c))).join(locale === "en" ? ", " : "、")}</dd>
        </>
      ) : null}
      {node.note ? (
        <>
          <dt>{t("noteLabel")}</dt>
          <dd>{node.note}</dd>
        </>
      ) : null}
    </dl>
  );
}
