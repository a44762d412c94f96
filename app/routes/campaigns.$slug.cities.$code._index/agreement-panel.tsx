import { Form } from "@remix-run/react";
import { useT, useLocale, localText } from "~/features/i18n";
import { DataTable } from "~/ui/data-table";

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
          <DataTable
            rows={agreement.disagreements}
            rowKey={(d) => d.code}
            columns={[
              {
                header: t("indicator"),
                cell: (d) => (
                  <>
                    <a href={`#v-${d.code}`}>{d.code}</a> {localText(locale, d.name)}
                  </>
                ),
              },
              { header: t("agreementPrimary"), cell: (d) => d.primary ?? "—" },
              { header: t("agreementSecond"), cell: (d) => d.second ?? "—" },
              reconcileVersion !== null && {
                header: t("reconcile"),
                cell: (d) => (
                  <Form method="post" className="inline">
                    <input type="hidden" name="version" value={reconcileVersion} />
                    <input type="hidden" name="code" value={d.code} />
                    <input name="note" aria-label={`${d.code} ${t("reconcileNote")}`} placeholder={t("reconcileNote")} />
                    <button type="submit" name="intent" value="reconcile">
                      {t("adoptSecond")}
                    </button>
                  </Form>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
