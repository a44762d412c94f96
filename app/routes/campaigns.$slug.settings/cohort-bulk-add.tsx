import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ConfirmAction } from "~/ui/confirm-action";
import { placeName, useLocale, useT } from "~/features/i18n";

export interface BulkPreview {
  count: number;
  alreadyIn: number;
  problemCount: number;
  problems: { row: number; code: string; message: string }[];
  sample: string[];
  selection: { by: "filter"; province: string; tier: string; codes: string } | { by: "codes"; codes: string };
  agencyOrgId: string;
  secondAgencyOrgId: string | null;
}

/** A filter of the bulk addition: any value, or one the platform's cities have (shown in the reader's language). */
function FacetSelect({ id, name, label, values }: { id: string; name: string; label: string; values: string[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue="">
        <option value="">{t("allOption")}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {placeName(locale, v)}
          </option>
        ))}
      </select>
    </>
  );
}

/**
 * Many cities into the cohort at once: every city of a province and tier, or the codes of a file.
 * A preview says how many and which; only the confirmation dialog adds them, all in one go.
 */
export function CohortBulkAdd({ agencies, facets, busy, result, message, error }: { agencies: { id: string; name: string }[]; facets: { provinces: string[]; tiers: string[] }; busy: boolean; result: BulkPreview | null; message: string | null; error: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const sample = result ? `${result.sample.join(locale === "en" ? ", " : "、")}${result.count > result.sample.length ? "…" : ""}` : "";
  return (
    <section className="card stack" aria-labelledby="cohort-bulk">
      <h2 id="cohort-bulk">{t("cohortBulkTitle")}</h2>
      <p className="muted">{t("cohortBulkHint")}</p>
      {error}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <fieldset>
          <legend>{t("cohortBulkByFilter")}</legend>
          <FacetSelect id="bulk-province" name="province" label={t("province")} values={facets.provinces} />
          <FacetSelect id="bulk-tier" name="tier" label={t("tier")} values={facets.tiers} />
        </fieldset>
        <fieldset>
          <legend>{t("cohortBulkByFile")}</legend>
          <label htmlFor="bulk-file">{t("cohortBulkFile")}</label>
          <input id="bulk-file" name="file" type="file" accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </fieldset>
        <label htmlFor="bulk-agency">{t("agency")}</label>
        <select id="bulk-agency" name="agencyOrgId" defaultValue={agencies[0]?.id}>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <label htmlFor="bulk-second">{t("secondAgency")}</label>
        <select id="bulk-second" name="secondAgencyOrgId" defaultValue="">
          <option value="">{t("noneOption")}</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <div>
          <button type="submit" name="intent" value="cohort-bulk-preview" disabled={busy}>
            {t("cohortBulkPreview")}
          </button>
        </div>
      </Form>
      {result && result.problemCount ? (
        <div role="alert">
          <p className="form-error">{t("cohortBulkProblems", { count: result.problemCount })}</p>
          <ul>
            {result.problems.map((p) => (
              <li key={`${p.row}:${p.code}`}>
                {t("onboardingRow")} {p.row}：{p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result && !result.problemCount ? (
        <Form method="post" className="stack">
          <p role="status">{t("cohortBulkSummary", { count: result.count, alreadyIn: result.alreadyIn, sample })}</p>
          <input type="hidden" name="agencyOrgId" value={result.agencyOrgId} />
          <input type="hidden" name="secondAgencyOrgId" value={result.secondAgencyOrgId ?? ""} />
          {result.selection.by === "filter" ? (
            <>
              <input type="hidden" name="province" value={result.selection.province} />
              <input type="hidden" name="tier" value={result.selection.tier} />
            </>
          ) : (
            <input type="hidden" name="codes" value={result.selection.codes} />
          )}
          <div>
            <ConfirmAction label={t("cohortBulkConfirm")} title={t("cohortBulkConfirmTitle", { count: result.count })} confirmLabel={t("cohortBulkConfirm")} value="cohort-bulk-add" disabled={busy || result.count === 0} blocked={result.count === 0}>
              <p>{t("cohortBulkConfirmBody", { count: result.count })}</p>
            </ConfirmAction>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
