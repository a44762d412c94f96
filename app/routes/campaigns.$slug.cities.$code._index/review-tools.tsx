import { useEffect, useState } from "react";
import { useT } from "~/features/i18n";

/**
 * Sets every still-empty control matching `selector` under `scope` to `value`, as if chosen by
 * hand (change events fire, so the page notices); returns how many it set. Nothing is saved until
 * the assessor saves the review.
 */
export function fillEmpty(scope: ParentNode, selector: string, value: string): number {
  let count = 0;
  for (const el of scope.querySelectorAll<HTMLSelectElement>(selector)) {
    if (el.value !== "" || el.disabled || el.closest("[hidden]")) continue;
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
    count += 1;
  }
  return count;
}

export const ACCEPT_REMAINING = 'select[name^="d:"]';
export const EVIDENCE_VERDICTS = 'select[name^="ev:"]';

/** A dimension's bulk actions, beside its heading. */
export function DimensionBulk({ sectionId, onFilled }: { sectionId: string; onFilled: (message: string) => void }) {
  const t = useT();
  const fill = (selector: string, value: string, key: "bulkAccepted" | "bulkSufficient") => {
    const section = document.getElementById(sectionId);
    if (section) onFilled(t(key, { count: fillEmpty(section, selector, value) }));
  };
  return (
    <span className="bulk">
      <button type="button" className="small" onClick={() => fill(ACCEPT_REMAINING, "accepted", "bulkAccepted")}>
        {t("bulkAcceptDimension")}
      </button>
      <button type="button" className="small" onClick={() => fill(EVIDENCE_VERDICTS, "sufficient", "bulkSufficient")}>
        {t("bulkSufficientDimension")}
      </button>
    </span>
  );
}

/** Moves focus between dimensions (j / k) and to the next undecided indicator (n), unless the person is typing. */
export function useReviewShortcuts(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || target.closest("input, textarea, select, [contenteditable]") || document.querySelector("dialog[open]")) return;
      const headings = [...document.querySelectorAll<HTMLElement>("section.dimension > h2")];
      const current = headings.findIndex((h) => h.parentElement?.contains(target));
      if (e.key === "j" || e.key === "k") {
        const next = headings[e.key === "j" ? current + 1 : Math.max(0, current - 1)] ?? headings[e.key === "j" ? 0 : headings.length - 1];
        next?.focus();
        next?.scrollIntoView({ block: "start" });
        e.preventDefault();
      } else if (e.key === "n") {
        const pending = [...document.querySelectorAll<HTMLSelectElement>(ACCEPT_REMAINING)].find((s) => s.value === "" && !s.closest("[hidden]"));
        pending?.focus();
        pending?.scrollIntoView({ block: "center" });
        e.preventDefault();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}

/**
 * The review's tool bar: fill what is left across the submission, show only what changed since
 * the return, and the keyboard shortcuts.
 */
export function ReviewTools({ form, canFilterChanged, onlyChanged, setOnlyChanged }: { form: React.RefObject<HTMLFormElement | null>; canFilterChanged: boolean; onlyChanged: boolean; setOnlyChanged: (v: boolean) => void }) {
  const t = useT();
  const [message, setMessage] = useState("");
  const fill = (selector: string, value: string, key: "bulkAccepted" | "bulkSufficient") => {
    if (form.current) setMessage(t(key, { count: fillEmpty(form.current, selector, value) }));
  };
  return (
    <section className="card review-tools" aria-labelledby="review-tools">
      <h2 id="review-tools">{t("reviewToolsTitle")}</h2>
      <div className="tool-row">
        <button type="button" onClick={() => fill(ACCEPT_REMAINING, "accepted", "bulkAccepted")}>
          {t("bulkAcceptAll")}
        </button>
        <button type="button" onClick={() => fill(EVIDENCE_VERDICTS, "sufficient", "bulkSufficient")}>
          {t("bulkSufficientAll")}
        </button>
        {canFilterChanged ? (
          <label className="check">
            <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> {t("onlyChangedSinceReturn")}
          </label>
        ) : null}
      </div>
      <p className="muted">{t("reviewShortcuts")}</p>
      <BulkMessage message={message} />
    </section>
  );
}

export function BulkMessage({ message }: { message: string }) {
  return message ? (
    <p className="notice" role="status">
      {message}
    </p>
  ) : null;
}
