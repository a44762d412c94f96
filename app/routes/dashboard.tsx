import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useRootData, useT } from "~/root";
import { assessorQueue, visibleCampaigns } from "~/utils/campaigns.server";
import { DataTable } from "~/components/data-table";
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
  const queue = await assessorQueue(db, user.actor);
  return { kind: user.actor.membership?.kind ?? null, campaigns, platform, canCreateCampaign, queue };
}

export default function Dashboard() {
  const { kind, campaigns, platform, canCreateCampaign, queue } = useLoaderData<typeof loader>();
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
      {kind === "agency" ? (
        <section className="card" aria-labelledby="queue">
          <h2 id="queue">{t("reviewQueue")}</h2>
          {queue.length === 0 ? <p className="muted">{t("reviewQueueEmpty")}</p> : null}
          <DataTable
            className="queue"
            rows={queue}
            rowKey={(q) => `${q.campaignSlug}/${q.divisionCode}`}
            columns={[
              { header: t("city"), cell: (q) => <Link to={`/campaigns/${q.campaignSlug}/cities/${q.divisionCode}`}>{locale === "en" && q.cityNameEn ? q.cityNameEn : q.cityName}</Link> },
              { header: t("campaign"), cell: (q) => (locale === "en" ? q.campaignNameEn : q.campaignNameZh) },
              { header: t("submissionStatus"), cell: (q) => <span className={`badge status-${q.status}`}>{t(`subStatus_${q.status}` as MessageKey)}</span> },
              { header: t("assessorRole"), cell: (q) => t(q.role === "primary" ? "assessorPrimary" : "assessorSecond") },
              { header: t("reviewDeadline"), cell: (q) => formatDate(locale, q.reviewDeadline) },
              { header: t("lastChange"), cell: (q) => (q.updatedAt ? formatDate(locale, q.updatedAt) : "—") },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}
