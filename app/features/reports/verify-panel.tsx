import { Form } from "@remix-run/react";
import { localName, useLocale, useT, type MessageKey } from "~/features/i18n";
import type { Verdict, VerdictReason } from "./pdf.server";

const REASON: Record<VerdictReason, MessageKey> = {
  "malformed-id": "verifyMalformedId",
  "malformed-hash": "verifyMalformedHash",
  "unknown-hash": "verifyUnknownHash",
  "id-mismatch": "verifyIdMismatch",
};

/**
 * The verification form (report ID and result hash, as printed in the PDF) and, once asked, its
 * verdict. Both fields are plain GET parameters, so a link or a bookmark repeats the check.
 */
export function VerifyPanel({ id, hash, verdict }: { id: string; hash: string; verdict: Verdict | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("verifyTitle")}</h1>
      <section className="card">
        <p className="muted">{t("verifyExplained")}</p>
        <Form method="get" action="/verify" className="stack wide">
          <div>
            <label htmlFor="verify-id">{t("reportId")}</label>
            <input id="verify-id" name="id" defaultValue={id} placeholder="ZP-330100-…" autoCapitalize="characters" spellCheck={false} required />
          </div>
          <div>
            <label htmlFor="verify-hash">{t("verifyHashLabel")}</label>
            <textarea id="verify-hash" name="hash" defaultValue={hash} rows={2} spellCheck={false} required />
          </div>
          <div>
            <button type="submit">{t("verifyCheck")}</button>
          </div>
        </Form>
      </section>
      {verdict ? (
        <section className="card" role="status" data-testid="verdict" data-genuine={verdict.genuine}>
          {verdict.genuine ? (
            <>
              <p className="notice">✔ {t("verifyGenuine")}</p>
              <p>
                {localName(locale, verdict.campaign.nameZh, verdict.campaign.nameEn)} · {verdict.cityCode} · {verdict.signedOffAt.slice(0, 10)}
              </p>
              {verdict.supersededBy > 0 ? <p>{t("verifySuperseded", { count: verdict.supersededBy })}</p> : null}
            </>
          ) : (
            <p className="form-error">{t(REASON[verdict.reason])}</p>
          )}
        </section>
      ) : null}
    </>
  );
}
