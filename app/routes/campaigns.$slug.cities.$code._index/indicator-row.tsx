import { Link } from "@remix-run/react";
import type { IndicatorNode } from "../../../indicators";

/** Citizens answer it in the survey; the value enters when the city's survey closes (a type-only check: the page bundle stays free of the engine). */
export const surveySourced = (ind: IndicatorNode) => ind.kind === "quantitative" && ind.survey !== undefined;
import { localText, termKey, useLocale, useT } from "~/features/i18n";
import { EvidenceCell, type EvidenceView } from "./evidence-cell";
import { ValueInput } from "./value-input";
import { GRADE_CHOICES, ORIGIN_CHOICES } from "~/features/quality";

interface SavedValue {
  value: number | null;
  narrative: string;
  dataSource: string;
  origin: string | null;
  qualityGrade: string | null;
  version: number;
}

/** The value's data-quality declaration (U4SSC): where it comes from and how it was obtained. */
function Declaration({ code, value: v, rowKey, editable }: { code: string; value: SavedValue | undefined; rowKey: string; editable: boolean }) {
  const t = useT();
  if (!editable)
    return v?.origin || v?.qualityGrade ? (
      <div className="muted declaration">
        {t("declarationLabel")}：{[v.origin && t(termKey("origin", v.origin)), v.qualityGrade && t(termKey("qualityGrade", v.qualityGrade))].filter(Boolean).join(" · ")}
      </div>
    ) : null;
  return (
    <div className="declaration">
      <select key={`og${rowKey}`} name={`og:${code}`} aria-label={`${code} ${t("declarationOrigin")}`} defaultValue={v?.origin ?? ""}>
        <option value="">{t("declarationOrigin")}…</option>
        {ORIGIN_CHOICES.map((o) => (
          <option key={o} value={o}>
            {t(termKey("origin", o))}
          </option>
        ))}
      </select>
      <select key={`qg${rowKey}`} name={`qg:${code}`} aria-label={`${code} ${t("declarationGrade")}`} defaultValue={v?.qualityGrade ?? ""}>
        <option value="">{t("declarationGrade")}…</option>
        {GRADE_CHOICES.map((g) => (
          <option key={g} value={g}>
            {t(termKey("qualityGrade", g))}
          </option>
        ))}
      </select>
    </div>
  );
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
        {surveySourced(ind) ? <div className="muted">{t("p_surveySourced")}</div> : null}
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
            <input type="hidden" name={`o:${ind.code}`} value={JSON.stringify({ value: v?.value ?? null, narrative: v?.narrative ?? "", dataSource: v?.dataSource ?? "", origin: v?.origin ?? null, qualityGrade: v?.qualityGrade ?? null })} />
          </>
        ) : null}
      </td>
      <td data-label={`${t("narrative")} / ${t("dataSourceLabel")}`}>
        {editable ? (
          <div className="narrative-cell">
            <textarea key={`n${rowKey}`} name={`n:${ind.code}`} aria-label={`${ind.code} ${t("narrative")}`} defaultValue={v?.narrative ?? ""} rows={2} />
            {/* The framework's expected source is the hint; the city names the one it used. */}
            <input key={`s${rowKey}`} name={`s:${ind.code}`} aria-label={`${ind.code} ${t("dataSourceLabel")}`} defaultValue={v?.dataSource ?? ""} placeholder={`${t("dataSourceLabel")}：${localText(locale, ind.dataSource)}`} />
            <Declaration code={ind.code} value={v} rowKey={rowKey} editable />
          </div>
        ) : (
          <>
            <span>{v?.narrative || <span className="muted">{t("notFilled")}</span>}</span>
            {v?.dataSource ? <div className="muted">{t("dataSourceLabel")}：{v.dataSource}</div> : null}
            <Declaration code={ind.code} value={v} rowKey={rowKey} editable={false} />
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
