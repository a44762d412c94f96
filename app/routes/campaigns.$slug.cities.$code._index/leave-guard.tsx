import { useBlocker } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/features/i18n";
import { storedEverything, type SaveResult } from "./use-autosave";

const withoutIndex = (search: string) => {
  const params = new URLSearchParams(search);
  params.delete("index");
  return params.toString();
};

interface Autosave {
  dirty: boolean;
  busy: boolean;
  flush: () => void;
  /** The last autosave's answer (read once it is idle). */
  result: SaveResult | undefined;
}

/**
 * Nothing typed is lost by leaving: following a link with unsaved edits saves them first and then
 * goes on; if the save is refused, the person chooses to stay (and fix it) or to leave without it.
 * Closing or reloading the tab asks the browser's own question.
 */
export function LeaveGuard({ autosave }: { autosave: Autosave }) {
  const t = useT();
  // The page's own form posts to "?index" (an index route): that is a save, not leaving.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => autosave.dirty && (currentLocation.pathname !== nextLocation.pathname || withoutIndex(currentLocation.search) !== withoutIndex(nextLocation.search)));
  const [phase, setPhase] = useState<"idle" | "saving" | "refused">("idle");
  const sawBusy = useRef(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!autosave.dirty) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [autosave.dirty]);

  useEffect(() => {
    if (blocker.state !== "blocked" || phase !== "idle") return;
    sawBusy.current = false;
    setPhase("saving");
    autosave.flush();
  }, [blocker.state, phase, autosave]);

  useEffect(() => {
    if (phase !== "saving") return;
    if (autosave.busy) sawBusy.current = true;
    else if (sawBusy.current) {
      // Judged by the answer itself: the hook's own "dirty" flag is updated a render later.
      if (!storedEverything(autosave.result)) setPhase("refused");
      else {
        setPhase("idle");
        if (blocker.state === "blocked") blocker.proceed();
      }
    }
  }, [phase, autosave.busy, autosave.result, blocker]);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (phase === "idle" && el.open) el.close();
    if (phase !== "idle" && !el.open) el.showModal();
  }, [phase]);

  const stay = () => {
    setPhase("idle");
    if (blocker.state === "blocked") blocker.reset();
  };
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="leave-title" onCancel={(e) => (phase === "saving" ? e.preventDefault() : stay())}>
      <h2 id="leave-title">{phase === "refused" ? t("leaveRefusedTitle") : t("leaveSaving")}</h2>
      {phase === "refused" ? (
        <>
          <p>{t("leaveRefusedExplained")}</p>
          <div className="dialog-actions">
            <button type="button" onClick={stay} autoFocus>
              {t("leaveStay")}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setPhase("idle");
                if (blocker.state === "blocked") blocker.proceed();
              }}
            >
              {t("leaveDiscard")}
            </button>
          </div>
        </>
      ) : (
        <p aria-live="polite">{t("autosaving")}</p>
      )}
    </dialog>
  );
}
