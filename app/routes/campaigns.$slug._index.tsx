import type { LoaderFunctionArgs } from "@remix-run/node";
import { Pager } from "~/ui/pager";
import { pageWithin } from "~/platform/paging";
import { DataTable } from "~/ui/data-table";
import { ProgressCell } from "~/features/submissions";
import { Link, useLoaderData } from "@remix-run/react";
import { campaignDetails, cohortStatusCounts, visibleCohort } from "~/features/campaigns/index.server";
import { withProgress } from "~/features/submissions/index.server";
import { formatDate, useT, useLocale, localName, placeName, termKey } from "~/features/i18n";
import { decide } from "~/features/access";
import { requireCampaign } from "~/features/access/index.server";

/** Cities per page: a campaign of every town is 205 pages, each a quick read. */
const COHORT_PAGE_SIZE = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  const { cohort, statusCounts, paging } = await scoped(async (db) => {
    const statusCounts = await cohortStatusCounts(db, user.actor, resource);
    const paging = pageWithin(statusCounts.reduce((n, [, count]) => n + count, 0), COHORT_PAGE_SIZE, new URL(request.url).searchParams.get("page"));
    const rows = await visibleCohort(db, user.actor, resource, { offset: paging.offset, limit: COHORT_PAGE_SIZE });
    return { cohort: await withProgress(db, rows, () => resource.row.frameworkRef), statusCounts, paging };
  });
  return {
    campaign: campaignDetails(resource),
    cohort,
    statusCounts,
    paging,
    canReadReports: decide(user.actor, "read:campaign-reports", resource).allowed,
  };
}

export default function CampaignPage() {
  const { campaign: c, cohort, statusCounts, canReadReports, paging } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <h1>{localName(locale, c.nameZh, c.nameEn)}</h1>
      <section className="card">
        <p>
          <span className="badge">{t(`status_${c.status}`)}</span> · {t("framework")}: <Link to={`/frameworks/${c.frameworkRef.replace("@", "/")}`}>
            <code>{c.frameworkRef}</code>
          </Link> · {t("cohortSize")}: {c.cohortSize}
        </p>
        <p>
          {t("submissionDeadline")}: {formatDate(locale, c.submissionDeadline)} · {t("reviewDeadline")}: {formatDate(locale, c.reviewDeadline)}
        </p>
        {canReadReports ? (
          <p>
            <a href={`/campaigns/${c.slug}/report`}>{t("cohortReport")}</a>
          </p>
        ) : null}
      </section>
      <section className="card">
        <h2>{t("cohort")}</h2>
        {paging.total > 1 ? <p className="status-counts">{statusCounts.map(([status, count]) => t("statusCount", { status: t(`subStatus_${status}`), count })).join(" · ")}</p> : null}
        <DataTable
          className="cohort"
          rows={cohort}
          rowKey={(r) => r.cityOrgId}
          columns={[
            { header: t("divisionCode"), cell: (r) => r.divisionCode },
            { header: t("city"), cell: (r) => <Link to={`cities/${r.divisionCode}`}>{localName(locale, r.cityName, r.cityNameEn)}</Link> },
            { header: t("submissionStatus"), cell: (r) => <span className={`badge status-${r.status ?? "draft"}`}>{t(termKey("subStatus", r.status ?? "draft"))}</span> },
            { header: t("score"), cell: (r) => (r.score === null ? "—" : r.score.toFixed(2)) },
            { header: t("completion"), cell: (r) => <ProgressCell progress={r.progress} /> },
            { header: t("lastChange"), cell: (r) => (r.updatedAt ? formatDate(locale, r.updatedAt) : "—") },
            { header: t("agency"), cell: (r) => r.agencyName },
            { header: t("secondAgency"), cell: (r) => r.secondAgencyName ?? "—" },
            { header: t("province"), cell: (r) => placeName(locale, r.province) },
            { header: t("region"), cell: (r) => placeName(locale, r.region) },
            { header: t("tier"), cell: (r) => placeName(locale, r.tier) },
            { header: t("population"), cell: (r) => (r.population ? number.format(r.population) : "—") },
          ]}
        />
        <Pager paging={paging} label={t("cohortPages")} href={(page) => `?page=${page}`} />
      </section>
    </>
  );
}
