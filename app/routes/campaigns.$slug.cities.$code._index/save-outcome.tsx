import { useT, useLocale, formatDateTime, isMessageKey, type MessageKey } from "~/features/i18n";
import { saveWentThrough, type SaveResult } from "./use-autosave";
import { ValueWarnings } from "./value-warnings";

/** The message for an intent that went through: what happened, not how many rows were written. */
function doneMessage(result: SaveResult): { key: MessageKey; vars?: Record<string, number> } {
  if (result.done === "save") return result.saved ? { key: "savedCount", vars: { count: result.saved } } : { key: "savedNothing" };
  const key = `done_${result.done}`;
  return isMessageKey(key) ? { key, vars: { count: result.saved ?? 0 } } : { key: "savedCount", vars: { count: result.saved ?? 0 } };
}

/**
 * What the last save or transition did, where the eye is (the top of the page, announced): the
 * success named, warnings worth a second look, and every refusal linking to its field.
 */
export function SaveOutcome({ result, explicit }: { result: SaveResult | undefined; explicit: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!result) return null;
  const failed = !saveWentThrough(result);
  const done = doneMessage(result);
  return (
    <>
      {explicit && !failed ? (
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
