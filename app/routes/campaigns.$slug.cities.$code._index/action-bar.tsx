import { ConfirmAction } from "~/ui/confirm-action";
import { useT } from "~/features/i18n";
import type { SubmissionIntent, SubmissionGaps } from "~/features/submissions";

interface SignOffGaps {
  undecided: string[];
  missingEvidence: string[];
  unjudged: string[];
  judged: number;
  evidence: number;
}

function CodeList({ codes }: { codes: string[] }) {
  const shown = codes.slice(0, 12);
  return (
    <ul className="code-list">
      {shown.map((c) => (
        <li key={c}>
          <a href={`#v-${c}`}>{c}</a>
        </li>
      ))}
      {codes.length > shown.length ? <li>… +{codes.length - shown.length}</li> : null}
    </ul>
  );
}

/** One kind of thing missing: what it is, and the indicators it concerns (each a link to its field). */
function Gap({ message, codes }: { message: string; codes: string[] }) {
  if (!codes.length) return null;
  return (
    <>
      <p className="form-error">{message}</p>
      <CodeList codes={codes} />
    </>
  );
}

/** What submitting sends and what is still missing, as the server's completeness rule counts it. */
function SubmitSummary({ gaps }: { gaps: SubmissionGaps }) {
  const t = useT();
  return (
    <>
      <p>{t("confirmSubmitFilled", { filled: gaps.filled, total: gaps.total, required: gaps.minFilled })}</p>
      <Gap message={t("confirmSubmitUnfilled", { count: gaps.unfilled.length })} codes={gaps.unfilled} />
      <Gap message={t("confirmSubmitMissingEvidence", { count: gaps.missingEvidence.length })} codes={gaps.missingEvidence} />
      <Gap message={t("confirmSubmitRuleErrors", { count: gaps.ruleErrors.length })} codes={gaps.ruleErrors} />
      <Gap message={t("confirmSubmitUnexplained", { count: gaps.unexplained.length })} codes={gaps.unexplained} />
      <p>{gaps.blocking ? t("confirmSubmitBlocked") : t("confirmSubmitFinal")}</p>
    </>
  );
}

function SignOffSummary({ gaps }: { gaps: SignOffGaps }) {
  const t = useT();
  return (
    <>
      <p>{t("confirmSignOffCounts", { undecided: gaps.undecided.length, judged: gaps.judged, evidence: gaps.evidence })}</p>
      <Gap message={t("confirmSignOffUndecided", { count: gaps.undecided.length })} codes={gaps.undecided} />
      <Gap message={t("confirmSignOffMissing", { count: gaps.missingEvidence.length })} codes={gaps.missingEvidence} />
      <Gap message={t("confirmSignOffUnjudged", { count: gaps.unjudged.length })} codes={[...new Set(gaps.unjudged)]} />
      <p>{signOffBlocked(gaps) ? t("confirmSignOffBlocked") : t("confirmSignOffFinal")}</p>
    </>
  );
}

const signOffBlocked = (g: SignOffGaps) => g.undecided.length > 0 || g.missingEvidence.length > 0 || g.unjudged.length > 0;

/**
 * The page's buttons, in a bar that stays in view. Every step that cannot be undone (submit,
 * resubmit, sign off, withdraw) asks first and says what is missing or what will happen.
 */
export function ActionBar({
  can,
  cityName,
  gaps,
  signOffGaps,
  reviewing,
  editable,
  busy,
  autosaveLine,
}: {
  can: Record<SubmissionIntent, boolean>;
  cityName: string;
  gaps: SubmissionGaps;
  signOffGaps: SignOffGaps | null;
  reviewing: boolean;
  editable: boolean;
  busy: boolean;
  autosaveLine: string | null;
}) {
  const t = useT();
  return (
    <div className="actions card" id="actions">
      {autosaveLine ? (
        <p className="autosave muted" aria-live="polite">
          {autosaveLine}
        </p>
      ) : null}
      {editable ? (
        <button type="submit" name="intent" value="save" disabled={busy}>
          {t("saveDraft")}
        </button>
      ) : null}
      {editable && !can.submit && !can.resubmit ? (
        // An editor fills; the approver submits. The editor can tell them it is ready.
        <p className="muted who-submits">
          {t("approverSubmits")}{" "}
          {can.notifyReady ? (
            <button type="submit" name="intent" value="notifyReady" className="link-button" disabled={busy}>
              {t("notifyReady")}
            </button>
          ) : null}
        </p>
      ) : null}
      {can.submit || can.resubmit ? (
        <ConfirmAction
          label={t(can.submit ? "submitSubmission" : "resubmitSubmission")}
          title={t("confirmSubmitTitle", { city: cityName })}
          confirmLabel={t(can.submit ? "confirmSubmit" : "confirmResubmit")}
          value={can.submit ? "submit" : "resubmit"}
          blocked={gaps.blocking}
          disabled={busy}
        >
          <SubmitSummary gaps={gaps} />
        </ConfirmAction>
      ) : null}
      {can.withdraw ? (
        <details className="withdraw">
          <summary>{t("withdrawSubmission")}</summary>
          <p className="muted">{t("withdrawExplained")}</p>
          <input name="withdrawReason" aria-label={t("withdrawReason")} placeholder={t("withdrawReason")} maxLength={500} />
          <button type="submit" name="intent" value="withdraw" className="danger">
            {t("withdrawConfirm")}
          </button>
        </details>
      ) : null}
      {can.startReview ? (
        <button type="submit" name="intent" value="startReview">
          {t("startReview")}
        </button>
      ) : null}
      {reviewing ? (
        <>
          <button type="submit" name="intent" value="review">
            {t("saveReview")}
          </button>
          {can.returnForCorrection ? (
            <button type="submit" name="intent" value="returnForCorrection">
              {t("returnForCorrection")}
            </button>
          ) : null}
          {can.signOff && signOffGaps ? (
            <ConfirmAction label={t("signOffResult")} title={t("confirmSignOffTitle", { city: cityName })} confirmLabel={t("confirmSignOff")} value="signOff" blocked={signOffBlocked(signOffGaps)}>
              <SignOffSummary gaps={signOffGaps} />
            </ConfirmAction>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
