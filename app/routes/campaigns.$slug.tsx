import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { decide } from "~/features/access";
import { requireCampaign } from "~/features/access/index.server";
import { localName, useLocale, useT } from "~/features/i18n";
import { findSurvey } from "~/features/survey/index.server";

/**
 * What every campaign page shares: the campaign, looked up and access-checked once for the frame
 * (each page's own loader still asks for what it shows), and the campaign's navigation, offering
 * only what `decide` allows this reader.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  const survey = await scoped((db) => findSurvey(db, resource.campaignId));
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn },
    can: {
      reports: decide(user.actor, "read:campaign-reports", resource).allowed,
      audit: decide(user.actor, "read:methodology-audit", resource).allowed,
      quality: decide(user.actor, "read:campaign-quality", resource).allowed,
      manage: decide(user.actor, "manage:campaign", resource).allowed,
      // The owning ministry sets a survey up; everyone else sees the page once there is one.
      survey: survey !== null || decide(user.actor, "manage:campaign", resource).allowed,
    },
  };
}

export default function CampaignLayout() {
  const { campaign: c, can } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/campaigns/${c.slug}`;
  return (
    <>
      <nav className="campaign-nav" aria-label={t("campaignNavigation")}>
        <NavLink to={base} end className="campaign-name">
          {localName(locale, c.nameZh, c.nameEn)}
        </NavLink>
        <NavLink to={`${base}/ranking`}>{t("ranking")}</NavLink>
        {can.audit ? <NavLink to={`${base}/audit`}>{t("methodologyAudit")}</NavLink> : null}
        {can.quality ? <NavLink to={`${base}/quality`}>{t("qualityPageLink")}</NavLink> : null}
        {can.reports ? <NavLink to={`${base}/reports`}>{t("reports")}</NavLink> : null}
        {can.survey ? <NavLink to={`${base}/survey`}>{t("surveyNav")}</NavLink> : null}
        {can.manage ? <NavLink to={`${base}/settings`}>{t("manageCampaign")}</NavLink> : null}
      </nav>
      <Outlet />
    </>
  );
}
