import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Pager } from "~/ui/pager";
import { Link, useLoaderData } from "@remix-run/react";
import { useRootData } from "~/root";
import { visibleCampaigns } from "~/features/campaigns/index.server";
import { cityOverviews } from "~/features/submissions/index.server";
import { DataTable } from "~/ui/data-table";
import { ProgressCell } from "~/features/submissions";
import { getDb } from "~/platform/db.server";
import { platformSummary } from "~/features/accounts/index.server";
import { formatDate, useT, useLocale, localName, termKey } from "~/features/i18n";
import { decide } from "~/features/access";
import { requireUser, withTenantScope } from "~/features/access/index.server";
import { assessorQueue } from "~/features/review/index.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const platform = user.platformAdmin ? await platformSummary(await getDb()) : null;
  const canCreateCampaign = decide(user.actor, "create:campaign", { type: "organization", orgId: user.activeOrgId ?? "" }).allowed;
  const membership = user.actor.membership;
  const { campaigns, queue, ownCity } = await withTenantScope(user.actor, async (db) => ({
    campaigns: await visibleCampaigns(db, user.actor),
    queue: await assessorQueue(db, user.actor, new URL(request.url).searchParams.get("page")),
    ownCity: membership?.kind === "city" ? await cityOverviews(db, membership.orgId) : {},
  }));
  return { kind: membership?.kind ?? null, campaigns, platform, canCreateCampaign, queue: queue.items, queuePaging: queue.paging, ownCity };
}

export default function Dashboard() {
  const { kind, campaigns, platform, canCreateCampaign, queue, queuePaging, ownCity } = useLoaderData<typeof loader>();
  const t = useT();
  const root = useRootData();
  const locale = root?.locale ?? "zh-CN";
  const user = root?.user;
  return (
    <>
      <h1>
        {t("dashboard")}
        {user?.role ? <span className="badge" style={{ marginLeft: 10 }}>{t(`role_${user.role}`)}</span> : null}
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
                <h3 style={{ marginTop: 0 }}>{localName(locale, c.nameZh, c.nameEn)}</h3>
                <p>
                  <span className="badge">{t(termKey("status", c.status))}</span> · {t("framework")}: <code>{c.frameworkRef}</code>
                </p>
                {ownCity[c.slug] ? (
                  <CityStanding standing={ownCity[c.slug]!} slug={c.slug} />
                ) : (
                  <p>
                    {kind === "ministry"
                      ? t("ministryAttention", { count: c.cohortSize, date: formatDate(locale, c.submissionDeadline) })
                      : t("agencyAttention", { count: c.mine, date: formatDate(locale, c.reviewDeadline) })}
                  </p>
                )}
                <Link to={`/campaigns/${c.slug}`}>{t(ownCity[c.slug] ? "campaignOverview" : "open")} →</Link>
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
              { header: t("city"), cell: (q) => <Link to={`/campaigns/${q.campaignSlug}/cities/${q.divisionCode}`}>{localName(locale, q.cityName, q.cityNameEn)}</Link> },
              { header: t("campaign"), cell: (q) => (localName(locale, q.campaignNameZh, q.campaignNameEn)) },
              { header: t("submissionStatus"), cell: (q) => <span className={`badge status-${q.status}`}>{t(termKey("subStatus", q.status))}</span> },
              { header: t("completion"), cell: (q) => <ProgressCell progress={q.progress} /> },
              {
                header: t("qualityOpenFlags"),
                cell: (q) =>
                  q.openFlags ? (
                    <Link to={`/campaigns/${q.campaignSlug}/cities/${q.divisionCode}#quality-flags`} className="badge flag-warning">
                      {q.openFlags}
                    </Link>
                  ) : (
                    "0"
                  ),
              },
              { header: t("assessorRole"), cell: (q) => t(q.role === "primary" ? "assessorPrimary" : "assessorSecond") },
              { header: t("reviewDeadline"), cell: (q) => formatDate(locale, q.reviewDeadline) },
              { header: t("lastChange"), cell: (q) => (q.updatedAt ? formatDate(locale, q.updatedAt) : "—") },
            ]}
          />
          <Pager paging={queuePaging} label={t("queuePages")} href={(page) => `?page=${page}`} />
        </section>
      ) : null}
    </>
  );
}

/** A city's own submission in one campaign: what it still has to do, and by when. */
function CityStanding({ standing, slug }: { standing: SerializeFrom<typeof loader>["ownCity"][string]; slug: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="city-standing">
      <p>
        <span className={`badge status-${standing.status}`}>{t(`subStatus_${standing.status}`)}</span>
        {standing.round ? ` · ${t("round", { round: standing.round })}` : ""} · {t("progress", standing.progress)}
      </p>
      {standing.toFix ? <p className="form-error">{t("toFix", { count: standing.toFix })}</p> : null}
      {standing.due ? <p className={standing.due.passed ? "form-error" : "muted"}>{t(standing.due.passed ? "dueClosed" : standing.status === "returned" ? "dueByCorrection" : "dueBy", { date: formatDate(locale, standing.due.at) })}</p> : null}
      <p>
        <Link to={`/campaigns/${slug}/cities/${standing.divisionCode}`}>{t(standing.due && !standing.due.passed ? "continueSubmission" : "viewSubmission")} →</Link>
      </p>
    </div>
  );
}
