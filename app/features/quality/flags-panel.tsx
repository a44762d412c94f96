import { Form } from "@remix-run/react";
import { formatDateTime, termKey, useLocale, useT } from "../i18n";
import { cityExplains, RESOLUTION_CHOICES, type QualityFlag } from "./flag";
import { flagKindText, flagText, type FlagTextContext } from "./flag-text";

interface Props {
  flags: QualityFlag[];
  context: FlagTextContext;
  /** Indicator names by code, in the reader's language. */
  names: Record<string, string>;
  /** The submission's version, which every form on the page names. */
  version: number;
  canExplain: boolean;
  canResolve: boolean;
  previousCampaign: string | null;
  assessorView: boolean;
}

const SEVERITY_ORDER = { error: 0, warning: 1, notice: 2 } as const;

/** One flag: why it was raised, what the city said, what the assessor decided, and the form that comes next. */
function FlagItem({ flag, context, names, version, canExplain, canResolve }: { flag: QualityFlag } & Omit<Props, "flags" | "previousCampaign" | "assessorView">) {
  const t = useT();
  const locale = useLocale();
  const id = `flag-${flag.key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const note = flag.note;
  return (
    <li className={`flag severity-${flag.severity}`} data-flag={flag.key} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <span className={`badge flag-${flag.severity}`}>{t(termKey("flagSeverity", flag.severity))}</span> <strong>{flagKindText(locale, flag)}</strong> ·{" "}
        {flag.indicators.map((code) => (
          <a key={code} href={`#v-${code}`} className="flag-indicator">
            {code} {names[code] ?? ""}
          </a>
        ))}{" "}
        · <span className={`badge flag-status-${flag.status}`}>{t(termKey("flagStatus", flag.status))}</span>
      </p>
      <p>{flagText(locale, flag, context)}</p>
      {note?.explanation ? (
        <p className="flag-explanation">
          <strong>{t("flagExplanation")}：</strong>
          {note.explanation} <span className="muted">({t("flagExplainedBy", { by: note.explainedBy ?? "—", at: note.explainedAt ? formatDateTime(locale, note.explainedAt) : "—" })})</span>
        </p>
      ) : null}
      {note?.resolution ? (
        <p className="flag-resolution">
          <strong>{t("flagResolvedBy", { by: note.resolvedBy ?? "—", at: note.resolvedAt ? formatDateTime(locale, note.resolvedAt) : "—", resolution: t(termKey("flagResolution", note.resolution)) })}</strong> {note.resolutionNote}
        </p>
      ) : null}
      {canExplain && cityExplains(flag) ? (
        <Form method="post" className="flag-form">
          <input type="hidden" name="intent" value="explainFlag" />
          <input type="hidden" name="flag" value={flag.key} />
          <input type="hidden" name="version" value={version} />
          <label htmlFor={`${id}-explanation`}>{t("flagExplainLabel")}</label>
          <textarea id={`${id}-explanation`} name="explanation" required maxLength={2000} rows={2} defaultValue={note?.explanation ?? ""} />
          <button type="submit">{t("flagExplainSave")}</button>
        </Form>
      ) : null}
      {canResolve && flag.severity !== "notice" ? (
        <Form method="post" className="flag-form">
          <input type="hidden" name="intent" value="resolveFlag" />
          <input type="hidden" name="flag" value={flag.key} />
          <input type="hidden" name="version" value={version} />
          <fieldset>
            <legend>{t("flagResolveLabel")}</legend>
            {RESOLUTION_CHOICES.map((r) => (
              <label key={r} className="inline">
                <input type="radio" name="resolution" value={r} required defaultChecked={note?.resolution === r} /> {t(termKey("flagResolution", r))}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-note`}>{t("flagResolutionNote")}</label>
          <textarea id={`${id}-note`} name="note" required maxLength={2000} rows={2} defaultValue={note?.resolutionNote ?? ""} />
          <button type="submit">{t("flagResolveSave")}</button>
        </Form>
      ) : null}
    </li>
  );
}

/** The submission page's plausibility flags, most serious first. */
export function QualityFlagsPanel({ flags, previousCampaign, assessorView, ...rest }: Props) {
  const t = useT();
  const ordered = [...flags].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const open = flags.filter((f) => f.status === "open" && f.severity !== "notice").length;
  return (
    <section className="card quality-flags" id="quality-flags" aria-labelledby="quality-flags-title">
      <h2 id="quality-flags-title">
        {t("qualityFlagsTitle")} {flags.length ? <span className="badge">{t("qualityFlagsCount", { open, total: flags.length })}</span> : null}
      </h2>
      <p className="muted">{t(assessorView ? "qualityFlagsIntroAssessor" : "qualityFlagsIntro")}</p>
      <p className="muted">{previousCampaign ? t("qualityFlagsHistory", { campaign: previousCampaign }) : t("qualityFlagsNoHistory")}</p>
      {flags.length ? (
        <ul className="flag-list">
          {ordered.map((flag) => (
            <FlagItem key={flag.key} flag={flag} {...rest} />
          ))}
        </ul>
      ) : (
        <p>{t("qualityFlagsNone")}</p>
      )}
    </section>
  );
}
