import { Link } from "@remix-run/react";
import type { IndicatorNode } from "../../../indicators";
import { localText, termKey, useLocale, useT } from "~/features/i18n";
import { EvidenceCell, type EvidenceView } from "./evidence-cell";
import { ValueInput } from "./value-input";

interface SavedValue {
  value: number | null;
  narrative: string;
  dataSource: string;
  version: number;
}

/**
 * One indicator of the submission form. Each cell carries its column's name (data-label), so on a
 * phone the row becomes a card with labelled parts instead of a table squeezed to 30 px.
 */
export function IndicatorRow({
  ind,
  value: v,
  review: r,
  evidence,
  rowKey,
  editable,
  reviewing,
  changed,
  hidden,
  error,
  evidenceBase,
  evidenceMax,
}: {
  ind: IndicatorNode;
  value: SavedValue | undefined;
  review: { decision: string; value: number | null; reason: string } | undefined;
  evidence: EvidenceView[];
  rowKey: string;
  editable: boolean;
  reviewing: boolean;
  changed: boolean;
  hidden: boolean;
  error: string | undefined;
  evidenceBase: string;
  evidenceMax: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <tr className={r?.decision === "returned" ? "returned" : changed ? "changed" : undefined} hidden={hidden}>
      <td data-label={t("indicator")}>
        <label htmlFor={`v-${ind.code}`}>
          {ind.code} {localText(locale, ind.name)}
        </label>
        <div className="muted" id={`u-${ind.code}`}>
          {t("unit")}: {localText(locale, ind.unit)}
          {ind.kind === "quantitative" && ind.expectedRange ? ` · ${t("expectedRange")}: ${ind.expectedRange[0]}–${ind.expectedRange[1]}` : ""}
        </div>
        {v ? (
          <Link to={`?history=${encodeURIComponent(ind.code)}#history`} className="history-link">
            {t("hist_link")}
          </Link>
        ) : null}
      </td>
      <td data-label={t("value")} className="value-cell">
        {/* Keyed by version: re-mounted when someone else changes the value, kept through this page's own saves. */}
        <ValueInput key={rowKey} ind={ind} name={`v:${ind.code}`} value={v?.value} disabled={!editable} locale={locale} error={error} />
        {editable ? (
          <>
            <input type="hidden" name={`b:${ind.code}`} value={v?.version ?? 0} />
            <input type="hidden" name={`o:${ind.code}`} value={JSON.stringify({ value: v?.value ?? null, narrative: v?.narrative ?? "", dataSource: v?.dataSource ?? "" })} />
          </>
        ) : null}
      </td>
      <td data-label={`${t("narrative")} / ${t("dataSourceLabel")}`}>
        {editable ? (
          <div className="narrative-cell">
            <textarea key={`n${rowKey}`} name={`n:${ind.code}`} aria-label={`${ind.code} ${t("narrative")}`} defaultValue={v?.narrative ?? ""} rows={2} />
            {/* The framework's expected source is the hint; the city names the one it used. */}
            <input key={`s${rowKey}`} name={`s:${ind.code}`} aria-label={`${ind.code} ${t("dataSourceLabel")}`} defaultValue={v?.dataSource ?? ""} placeholder={`${t("dataSourceLabel")}：${localText(locale, ind.dataSource)}`} />
          </div>
        ) : (
          <>
            <span>{v?.narrative || <span className="muted">{t("notFilled")}</span>}</span>
            {v?.dataSource ? <div className="muted">{t("dataSourceLabel")}：{v.dataSource}</div> : null}
          </>
        )}
      </td>
      <td data-label={t("evidence")}>
        <EvidenceCell
          code={ind.code}
          items={evidence}
          mandatory={ind.evidence.some((e) => e.mandatory)}
          action={evidenceBase}
          downloadBase={evidenceBase}
          editable={editable}
          judging={reviewing}
          maxLabel={evidenceMax}
        />
      </td>
      <td data-label={reviewing ? t("decision") : t("assessorComment")}>
        {reviewing ? (
          <div className="review-cell">
            <select name={`d:${ind.code}`} aria-label={`${ind.code} ${t("decision")}`} defaultValue={r?.decision ?? ""}>
              <option value="">—</option>
              <option value="accepted">{t("decision_accepted")}</option>
              <option value="adjusted">{t("decision_adjusted")}</option>
              <option value="returned">{t("decision_returned")}</option>
            </select>
            <ValueInput ind={ind} name={`a:${ind.code}`} value={r?.decision === "adjusted" ? r.value : null} locale={locale} label={`${ind.code} ${t("adjustedValue")}`} placeholder={t("adjustedValue")} />
            <input name={`r:${ind.code}`} aria-label={`${ind.code} ${t("reason")}`} placeholder={t("reason")} defaultValue={r?.reason ?? ""} />
          </div>
        ) : r ? (
          <span>
            {t(termKey("decision", r.decision))}
            {r.decision === "adjusted" ? ` → ${r.value}` : ""}
            {r.reason ? `：${r.reason}` : ""}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
