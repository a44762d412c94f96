import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRootData, useT } from "~/root";
import { visibleCampaigns } from "~/utils/campaigns.server";
import { getDb } from "~/utils/db.server";
import { platformSummary } from "~/utils/organizations.server";
import { formatDate, type MessageKey } from "~/utils/i18n";
import { decide } from "~/utils/permissions";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const campaigns = await visibleCampaigns(db, user.actor);
  const platform = user.platformAdmin ? await platformSummary(db) : null;
  const canCreateCampaign = decide(user.actor, "create:campaign", { type: "organization", orgId: user.activeOrgId ?? "" }).allowed;
  return { kind: user.actor.membership?.kind ?? null, campaigns, platform, canCreateCampaign };
}

export default function Dashboard() {
  const { kind, campaigns, platform, canCreateCampaign } = useLoaderData<typeof loader>();
  const t = useT();
  const root = useRootData();
  const locale = root?.locale ?? "zh-CN";
  const user = root?.user;
  return (
    <>
      <h1>
        {t("dashboard")}
        {user?.role ? <span className="badge" style={{ marginLeft: 10 }}>{t(`role_${user.role}` as MessageKey)}</span> : null}
      </h1>
      {platform ? (
        <section className="card">
          <h2>{t("role_platform_admin")}</h2>
          <p>
            <Link to="/admin/organizations">{t("organizations")}</Link>: {platform.organizations} · <Link to="/admin/outbox">{t("outbox")}</Link>: {platform.messages}
          </p>
        </section>
      ) : null}
      {!kind && !platform ? <p className="card">{t("noOrg")}</p> : null}
      {kind ? (
        <section aria-labelledby="attention">
          <h2 id="attention">{t("needsAttention")}</h2>
          {canCreateCampaign ? (
            <p>
              <Link to="/campaigns/new">+ {t("newCampaign")}</Link>
            </p>
          ) : null}
          {campaigns.length === 0 ? <p className="card muted">{t("noCampaigns")}</p> : null}
          <div className="grid">
            {campaigns.map((c) => (
              <article className="card" key={c.slug}>
                <h3 style={{ marginTop: 0 }}>{locale === "en" ? c.nameEn : c.nameZh}</h3>
                <p>
                  <span className="badge">{t(`status_${c.status}` as MessageKey)}</span> · {t("framework")}: <code>{c.frameworkRef}</code>
                </p>
                <p>
                  {kind === "ministry"
                    ? t("ministryAttention", { count: c.cohortSize, date: formatDate(locale, c.submissionDeadline) })
                    : kind === "agency"
                      ? t("agencyAttention", { count: c.mine, date: formatDate(locale, c.reviewDeadline) })
                      : t("cityAttention", { date: formatDate(locale, c.submissionDeadline) })}
                </p>
                <Link to={`/campaigns/${c.slug}`}>{t("open")} →</Link>
              </article>
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
