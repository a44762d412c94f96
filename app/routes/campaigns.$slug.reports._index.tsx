import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { latestBatch, ReportUnavailableError, startBatch } from "~/features/reports/index.server";
import { useT, useLocale, localName, problemText } from "~/features/i18n";
import { requireCampaign } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, scoped } = await requireCampaign(request, params, "read:campaign-reports");
  const batch = await scoped((db) => latestBatch(db, resource.campaignId));
  return {
    campaign: { slug: resource.slug, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn },
    batch: batch && { id: batch.id, status: batch.status, done: batch.done, total: batch.total, error: batch.error, locale: batch.locale },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The batch goes on in the background after this request, so it runs as the owner, not in this request's scope.
  const { db, resource, user } = await requireCampaign(request, params, "read:campaign-reports");
  const form = await pageForm(request, user.locale);
  const locale = form.get("lang") === "en" ? "en" : "zh";
  try {
    await startBatch(db, resource.campaignId, user.id, locale);
    return { error: null };
  } catch (error) {
    if (error instanceof ReportUnavailableError) return { error: problemText(user.locale, error.problem) };
    throw error;
  }
}

export default function ReportsPage() {
  const { campaign, batch } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = batch?.status === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 700);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  return (
    <>
      <h1>
        {t("reports")} · <Link to={`/campaigns/${campaign.slug}`}>{localName(locale, campaign.nameZh, campaign.nameEn)}</Link>
      </h1>
      <section className="card">
        <p>{t("reportsIntro")}</p>
        <Form method="post" className="inline-form">
          <label>
            {t("reportLanguage")}{" "}
            <select name="lang" defaultValue={locale === "en" ? "en" : "zh"}>
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>
          </label>{" "}
          <button type="submit" disabled={running || navigation.state !== "idle"}>
            {t("generateAll")}
          </button>
        </Form>
        <p>
          <a href={`/campaigns/${campaign.slug}/report`}>{t("cohortReport")}</a>
        </p>
      </section>
      {batch && (
        <section className="card" aria-live="polite">
          <progress max={batch.total} value={batch.done} aria-label={t("reports")} style={{ width: "100%" }} />
          {batch.status === "running" && <p data-testid="batch-status">{t("batchRunning", { done: batch.done, total: batch.total })}</p>}
          {batch.status === "failed" && (
            <p role="alert" data-testid="batch-status">
              {t("batchFailed", { error: batch.error ?? "" })}
            </p>
          )}
          {batch.status === "done" && (
            <p data-testid="batch-status">
              {t("batchDone", { total: batch.total })} ·{" "}
              <a href={`/campaigns/${campaign.slug}/reports/${batch.id}/zip`} download>
                {t("downloadZip")}
              </a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
