import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRootData, useT } from "~/root";
import { campaignDetails, visibleCohort } from "~/utils/campaigns.server";
import { getDb } from "~/utils/db.server";
import { formatDate, type MessageKey } from "~/utils/i18n";
import { loadCampaignResource, requireUserWithPermission } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const resource = await loadCampaignResource(db, params.slug!);
  const user = await requireUserWithPermission(request, "read:campaign", resource);
  return { campaign: campaignDetails(resource), cohort: await visibleCohort(db, user.actor, resource) };
}

export default function CampaignPage() {
  const { campaign: c, cohort } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useRootData()?.locale ?? "zh-CN";
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <h1>{locale === "en" ? c.nameEn : c.nameZh}</h1>
      <section className="card">
        <p>
          <span className="badge">{t(`status_${c.status}` as MessageKey)}</span> · {t("framework")}: <code>{c.frameworkRef}</code> · {t("cohortSize")}: {c.cohortSize}
        </p>
        <p>
          {t("submissionDeadline")}: {formatDate(locale, c.submissionDeadline)} · {t("reviewDeadline")}: {formatDate(locale, c.reviewDeadline)}
        </p>
      </section>
      <section className="card">
        <h2>{t("cohort")}</h2>
        <div className="table-wrap">
          <table className="cohort">
            <thead>
              <tr>
                <th scope="col">{t("divisionCode")}</th>
                <th scope="col">{t("city")}</th>
                <th scope="col">{t("province")}</th>
                <th scope="col">{t("region")}</th>
                <th scope="col">{t("tier")}</th>
                <th scope="col">{t("population")}</th>
                <th scope="col">{t("agency")}</th>
                <th scope="col">{t("secondAgency")}</th>
                <th scope="col">{t("submissionStatus")}</th>
                <th scope="col">{t("score")}</th>
              </tr>
            </thead>
            <tbody>
              {cohort.map((r) => (
                <tr key={r.cityOrgId}>
                  <td>{r.divisionCode}</td>
                  <td>
                    <Link to={`cities/${r.divisionCode}`}>{locale === "en" && r.cityNameEn ? r.cityNameEn : r.cityName}</Link>
                  </td>
                  <td>{r.province}</td>
                  <td>{r.region}</td>
                  <td>{r.tier}</td>
                  <td>{r.population ? number.format(r.population) : "—"}</td>
                  <td>{r.agencyName}</td>
                  <td>{r.secondAgencyName ?? "—"}</td>
                  <td>{t(`subStatus_${r.status ?? "draft"}` as MessageKey)}</td>
                  <td>{r.score === null ? "—" : r.score.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
