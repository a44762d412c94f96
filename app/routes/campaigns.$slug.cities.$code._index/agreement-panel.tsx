import { Form } from "@remix-run/react";
import { useT, useLocale, localText } from "~/features/i18n";

interface AgreementView {
  kappa: number | null;
  observedAgreement: number | null;
  pairs: number;
  reviewedByBoth: number;
  disagreements: { code: string; name: { zh: string; en: string }; primary: number | null; second: number | null }[];
}

/**
 * The two assessors' agreement on a city: kappa on rubric levels and the indicators to reconcile.
 * With `reconcileVersion` (the primary lead, in review) each disagreement can adopt the second value.
 */
export function AgreementPanel({ agreement, reconcileVersion }: { agreement: AgreementView; reconcileVersion: number | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="agreement" data-testid="agreement">
      <h2 id="agreement">{t("agreementTitle")}</h2>
      <p>
        {agreement.kappa === null
          ? t("agreementNone")
          : t("agreementSummary", {
              both: agreement.reviewedByBoth,
              kappa: agreement.kappa.toFixed(2),
              pairs: agreement.pairs,
              agree: `${Math.round((agreement.observedAgreement ?? 0) * 100)}%`,
            })}
      </p>
      {agreement.disagreements.length ? (
        <>
          <p>{t("agreementDisagreements")}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("indicator")}</th>
                <th scope="col">{t("agreementPrimary")}</th>
                <th scope="col">{t("agreementSecond")}</th>
                {reconcileVersion !== null ? <th scope="col">{t("reconcile")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {agreement.disagreements.map((d) => (
                <tr key={d.code}>
                  <td>
                    <a href={`#v-${d.code}`}>{d.code}</a> {localText(locale, d.name)}
                  </td>
                  <td>{d.primary ?? "—"}</td>
                  <td>{d.second ?? "—"}</td>
                  {reconcileVersion !== null ? (
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="version" value={reconcileVersion} />
                        <input type="hidden" name="code" value={d.code} />
                        <input name="note" aria-label={`${d.code} ${t("reconcileNote")}`} placeholder={t("reconcileNote")} />
                        <button type="submit" name="intent" value="reconcile">
                          {t("adoptSecond")}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
