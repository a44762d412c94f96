import { useId, useRef } from "react";
import { useT } from "~/features/i18n";

/**
 * A button for a change the user cannot undo (submit, sign off, open, publish): it opens a dialog
 * that says what will happen and what is missing, and only the dialog's button submits the form it
 * sits in, with `name=value`. When `blocked`, the dialog explains and offers no way through (the
 * server would refuse anyway).
 */
export function ConfirmAction({
  label,
  title,
  confirmLabel,
  name = "intent",
  value,
  blocked = false,
  disabled = false,
  danger = false,
  form,
  children,
}: {
  label: string;
  title: string;
  confirmLabel: string;
  name?: string;
  value: string;
  blocked?: boolean;
  disabled?: boolean;
  danger?: boolean;
  /** The id of the form to submit, when the button is not inside it. */
  form?: string;
  children: React.ReactNode;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={danger ? "danger" : undefined} disabled={disabled} onClick={() => dialog.current?.showModal()} data-confirm={value}>
        {label}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={titleId}>
        <h2 id={titleId}>{title}</h2>
        <div className="confirm-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" className="secondary-plain" onClick={() => dialog.current?.close()} autoFocus>
            {blocked ? t("confirmClose") : t("confirmCancel")}
          </button>
          {blocked ? null : (
            <button type="submit" name={name} value={value} form={form} className={danger ? "danger" : undefined} onClick={() => dialog.current?.close()}>
              {confirmLabel}
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}
