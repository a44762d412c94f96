import type { SubmissionStatus } from "../../../db/schema";
import { Pager } from "~/ui/pager";
import type { Paging } from "~/platform/paging";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT, termKey } from "~/features/i18n";
import { cityRemovable } from "~/features/campaigns";

interface Org {
  id: string;
  name: string;
  divisionCode: string | null;
}

interface Entry {
  cityOrgId: string;
  cityName: string;
  divisionCode: string | null;
  status: SubmissionStatus | null;
  agencyOrgId: string;
  secondAgencyOrgId: string | null;
}

function AgencySelect({ id, name, form, value, agencies, optional, label }: { id: string; name: string; form?: string; value: string | null; agencies: Org[]; optional?: boolean; label?: string }) {
  const t = useT();
  return (
    <select id={id} name={name} form={form} defaultValue={value ?? ""} aria-label={label}>
      {optional ? <option value="">{t("noneOption")}</option> : null}
      {agencies.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </select>
  );
}

/**
 * The cohort as the ministry edits it: each city's primary and optional second assessor, saved
 * one row at a time (every change is its own audit entry), plus a row to add a city.
 */
export function CohortEditor({
  cohort,
  candidates,
  editable,
  busy,
  message,
  paging,
}: {
  cohort: Entry[];
  candidates: { cities: Org[]; moreCities: boolean; agencies: Org[] };
  editable: boolean;
  busy: boolean;
  message: (intent: string) => ReactNode;
  paging: Paging;
}) {
  const t = useT();
  const addable = candidates.cities;
  return (
    <section className="card" aria-labelledby="cohort-editor">
      <h2 id="cohort-editor">{t("cohortEditor")}</h2>
      {message("cohort-set")}
      {message("cohort-remove")}
      <div className="table-wrap">
        <table className="cohort-editor">
          <thead>
            <tr>
              <th scope="col">{t("divisionCode")}</th>
              <th scope="col">{t("city")}</th>
              <th scope="col">{t("agency")}</th>
              <th scope="col">{t("secondAgency")}</th>
              <th scope="col">{t("submissionStatus")}</th>
              {editable ? <th scope="col" /> : null}
            </tr>
          </thead>
          <tbody>
            {cohort.map((c) => {
              const formId = `cohort-${c.cityOrgId}`;
              return (
                <tr key={c.cityOrgId}>
                  <td>{c.divisionCode}</td>
                  <td>{c.cityName}</td>
                  <td>
                    {editable ? (
                      <AgencySelect id={`${formId}-agency`} name="agencyOrgId" form={formId} value={c.agencyOrgId} agencies={candidates.agencies} label={`${c.cityName} ${t("agency")}`} />
                    ) : (
                      candidates.agencies.find((a) => a.id === c.agencyOrgId)?.name
                    )}
                  </td>
                  <td>
                    {editable ? (
                      <AgencySelect id={`${formId}-second`} name="secondAgencyOrgId" form={formId} value={c.secondAgencyOrgId} agencies={candidates.agencies} optional label={`${c.cityName} ${t("secondAgency")}`} />
                    ) : (
                      (candidates.agencies.find((a) => a.id === c.secondAgencyOrgId)?.name ?? "—")
                    )}
                  </td>
                  <td>{t(termKey("subStatus", c.status ?? "draft"))}</td>
                  {editable ? (
                    <td className="actions">
                      <Form method="post" id={formId}>
                        <input type="hidden" name="cityOrgId" value={c.cityOrgId} />
                        <button type="submit" name="intent" value="cohort-set" disabled={busy} aria-label={`${t("saveCohortEntry")} ${c.cityName}`}>
                          {t("saveCohortEntry")}
                        </button>
                        {/* A city whose submission is under way stays (the server refuses it too). */}
                        {cityRemovable(c.status) ? (
                          <button type="submit" name="intent" value="cohort-remove" disabled={busy} className="secondary" aria-label={`${t("removeFromCohort")} ${c.cityName}`}>
                            {t("removeFromCohort")}
                          </button>
                        ) : null}
                      </Form>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} label={t("cohortPages")} href={(page) => `?page=${page}`} />
      {editable && addable.length ? (
        // Keyed by the cohort: after each add the form starts afresh, so the previous city's second assessor is not carried over.
        <Form key={cohort.map((c) => `${c.cityOrgId}:${c.agencyOrgId}:${c.secondAgencyOrgId}`).join()} method="post" className="inline-form" aria-labelledby="cohort-add">
          <h3 id="cohort-add">{t("addOrChangeCity")}</h3>
          <label htmlFor="add-city">{t("city")}</label>
          <select id="add-city" name="cityOrgId">
            {addable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.divisionCode} {c.name}
              </option>
            ))}
          </select>
          <label htmlFor="add-agency">{t("agency")}</label>
          <AgencySelect id="add-agency" name="agencyOrgId" value={candidates.agencies[0]?.id ?? null} agencies={candidates.agencies} />
          <label htmlFor="add-second">{t("secondAgency")}</label>
          <AgencySelect id="add-second" name="secondAgencyOrgId" value={null} agencies={candidates.agencies} optional />
          <button type="submit" name="intent" value="cohort-set" disabled={busy}>
            {t("saveCohortEntry")}
          </button>
          {candidates.moreCities ? <p className="muted">{t("cohortMoreCities", { listed: addable.length })}</p> : null}
        </Form>
      ) : null}
    </section>
  );
}
