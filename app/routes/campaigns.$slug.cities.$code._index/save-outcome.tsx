import { useT, useLocale, formatDateTime, type MessageKey } from "~/features/i18n";
import type { SaveResult } from "./use-autosave";
import { ValueWarnings } from "./value-warnings";

/** The message for an intent that went through: what happened, not how many rows were written. */
function doneMessage(result: SaveResult): { key: MessageKey; vars?: Record<string, number> } {
  switch (result.done) {
    case "save":
      return result.saved ? { key: "savedCount", vars: { count: result.saved } } : { key: "savedNothing" };
    case "review":
      return { key: "done_review", vars: { count: result.saved ?? 0 } };
    case "submit":
    case "resubmit":
    case "returnForCorrection":
    case "signOff":
    case "withdraw":
    case "startReview":
    case "reconcile":
    case "notifyReady":
      return { key: `done_${result.done}` };
    default:
      return { key: "savedCount", vars: { count: result.saved ?? 0 } };
  }
}

/**
 * What the last save or transition did, where the eye is (the top of the page, announced): the
 * success named, warnings worth a second look, and every refusal linking to its field.
 */
export function SaveOutcome({ result, explicit }: { result: SaveResult | undefined; explicit: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!result) return null;
  const failed = !!(result.invalid || result.conflicts || result.error);
  const done = doneMessage(result);
  return (
    <>
      {explicit && !failed && result.saved !== undefined ? (
        <p className="notice" role="status" data-testid="save-outcome">
          {t(done.key, done.vars)}
        </p>
      ) : null}
      <ValueWarnings warnings={result.warnings} />
      {result.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {result.invalid || result.unsaved ? (
        <div className="form-error" role="alert">
          <p>{t(result.invalid ? "invalidTitle" : "unsavedTitle")}</p>
          <ul>
            {(result.invalid ?? result.unsaved)!.map((e) => (
              <li key={e.code}>
                <a href={`#v-${e.code}`}>{e.code}</a>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.conflicts ? (
        <div className="form-error" role="alert">
          <p>{t("conflictTitle")}</p>
          <ul>
            {result.conflicts.map((c) => (
              <li key={c.code}>
                <a href={`#v-${c.code}`}>{c.code}</a>: {t("conflictTheirs", { by: c.theirs.by, at: formatDateTime(locale, c.theirs.at), value: String(c.theirs.value ?? "—") })}; {t("conflictYours", { value: String(c.yours.value ?? "—") })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
