import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ActionBar } from "./action-bar";
import { AgreementPanel } from "./agreement-panel";
import { BulkImport } from "./bulk-import";
import { ChangesSinceReturnPanel } from "./changes-since-return";
import { IndicatorRow, surveySourced } from "./indicator-row";
import { LeaveGuard } from "./leave-guard";
import { BulkMessage, DimensionBulk, ReviewTools, useReviewShortcuts } from "./review-tools";
import { SaveOutcome } from "./save-outcome";
import { SubmissionHistory } from "~/features/audit";
import { QualityFlagsPanel } from "~/features/quality";
import { ToFixPanel } from "./to-fix-panel";
import { saveWentThrough, useAutosave, useRowKeys, type SaveResult } from "./use-autosave";
import { formatBytes } from "~/ui/format-bytes";
import { formatDate, formatDateTime, localText, useT, useLocale, localName } from "~/features/i18n";
import { submissionAction } from "./actions.server";
import { submissionPageData } from "~/features/submissions/index.server";
import { requireCityData } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "read:city-data");
  const historyCode = new URL(request.url).searchParams.get("history") || undefined;
  return { city, slug: params.slug!, viewerKind: user.actor.membership?.kind ?? null, page: await scoped((db) => submissionPageData(db, user, resource, city.id, historyCode)) };
}

export const action = ({ request, params }: ActionFunctionArgs) => submissionAction(request, params);

/** Focuses the first field a save refused and brings it into view, once per refusal. */
function useFocusFirstError(result: SaveResult | undefined) {
  useEffect(() => {
    const first = result?.invalid?.[0]?.code;
    if (!first) return;
    const field = document.getElementById(`v-${first}`);
    field?.focus();
    field?.scrollIntoView({ block: "center" });
  }, [result]);
}

export default function SubmissionPage() {
  const { city, slug, viewerKind, page } = useLoaderData<typeof loader>();
  const params = useParams();
  const submitted = useActionData<typeof action>() as SaveResult | undefined;
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const status = page.submission.status;
  const editable = page.can.save;
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, editable);
  const rowKey = useRowKeys(Object.fromEntries(Object.entries(page.values).map(([code, v]) => [code, v.version])), [submitted?.versions, autosave.ownVersions]);
  // The outcome shown is the latest: an explicit action's, or an autosave's.
  const [latest, setLatest] = useState<"explicit" | "auto">("explicit");
  useEffect(() => {
    if (autosave.result) setLatest("auto");
  }, [autosave.result]);
  const result = latest === "auto" ? autosave.result : submitted;
  useFocusFirstError(submitted);
  const { markSaved } = autosave;
  useEffect(() => {
    if (saveWentThrough(submitted)) markSaved();
  }, [submitted, markSaved]);
  const reviewing = page.can.review && !!page.reviewAgencyOrgId;
  useReviewShortcuts(reviewing);
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [bulkMessage, setBulkMessage] = useState("");
  const cityName = localName(locale, city.name, city.nameEn);
  const indicatorNames = Object.fromEntries(page.groups.flatMap((g) => g.indicators.map((i) => [i.code, localText(locale, i.name)])));
  const changedSinceReturn = new Set(page.sinceReturn?.changes.map((c) => c.code));
  const fieldErrors = Object.fromEntries((result?.invalid ?? result?.unsaved ?? []).map((e) => [e.code, e.message]));
  const busy = autosave.busy || navigation.state === "submitting";
  const autosaveLine = !editable
    ? null
    : autosave.busy
      ? t("autosaving")
      : autosave.stopped
        ? t("autosaveStopped")
        : autosave.savedAt
          ? t("autosaved", { time: autosave.savedAt.toLocaleTimeString(locale) })
          : t("autosaveOn");
  return (
    <>
      {editable ? <LeaveGuard autosave={autosave} /> : null}
      <p>
        <Link to={`/campaigns/${slug}`}>← {t("back")}</Link>
      </p>
      <h1>{t(viewerKind === "agency" ? "reviewTitle" : viewerKind === "ministry" ? "overseeTitle" : "submissionTitle", { city: cityName })}</h1>
      <section className="card" aria-live="polite">
        <p>
          <span className={`badge status-${status}`}>{t(`subStatus_${status}`)}</span> {page.submission.round ? `· ${t("round", { round: page.submission.round })}` : ""} · {t("framework")}: <code>{page.framework.ref}</code> ·{" "}
          {t("progress", page.progress)}
        </p>
        {page.reviewProgress && status !== "draft" && status !== "signed_off" ? <p>{t("reviewProgress", page.reviewProgress)}</p> : null}
        {page.due ? (
          <p className={page.due.passed ? "form-error" : "muted"}>{t(page.due.passed ? "dueClosed" : status === "returned" ? "dueByCorrection" : "dueBy", { date: formatDate(locale, page.due.at) })}</p>
        ) : null}
        {page.readyNotice ? <p className="notice">{t("readyNotice", { by: page.readyNotice.by, at: formatDateTime(locale, page.readyNotice.at) })}</p> : null}
        {editable ? <p className="muted">{t("evidenceRules", { limit: formatBytes(page.evidenceMaxBytes) })}</p> : null}
        {page.result ? (
          <p>
            {t("overallScore")}: <strong>{page.result.scores.scores.Index?.toFixed(2)}</strong> · {t("resultHash")}: <code>{page.result.hash.slice(0, 16)}…</code> ·{" "}
            <a href={`/campaigns/${params.slug}/cities/${params.code}/report`} download>
              {t("cityReport")}
            </a>
          </p>
        ) : null}
        <SaveOutcome result={result} explicit={latest === "explicit"} />
      </section>

      {page.toFix.length ? <ToFixPanel items={page.toFix} /> : null}
      {page.quality ? (
        <QualityFlagsPanel
          flags={page.quality.flags}
          context={{ rules: page.quality.rules, cities: page.quality.cities }}
          names={indicatorNames}
          version={page.submission.version}
          canExplain={page.can.explainFlag}
          canResolve={page.can.resolveFlag}
          previousCampaign={page.quality.previousCampaign}
          assessorView={page.quality.crossChecks}
        />
      ) : null}
      {page.sinceReturn ? <ChangesSinceReturnPanel diff={page.sinceReturn} names={indicatorNames} /> : null}
      {page.agreement ? <AgreementPanel agreement={page.agreement} reconcileVersion={page.can.reconcile ? page.submission.version : null} /> : null}
      {page.blind ? (
        <p className="notice" role="note" data-testid="blind-assessment">
          {t("blindAssessment")}
        </p>
      ) : null}
      {editable ? <BulkImport action={`/campaigns/${slug}/cities/${city.code}/import`} /> : null}
      {reviewing ? <ReviewTools form={formRef} canFilterChanged={!!page.sinceReturn} onlyChanged={onlyChanged} setOnlyChanged={setOnlyChanged} /> : null}
      <nav className="card dimension-nav" aria-label={t("dimensionNav")}>
        <a href="#actions">{t("skipToActions")}</a>
        {page.groups.map((g) => (
          <a key={g.code} href={`#g-${g.code}`}>
            {localText(locale, g.name)}
          </a>
        ))}
      </nav>
      <Form
        method="post"
        ref={formRef}
        onChange={(e) => {
          const name = (e.target as HTMLInputElement).name ?? "";
          if (name.startsWith("v:") || name.startsWith("n:") || name.startsWith("s:")) autosave.schedule();
        }}
        onSubmit={() => {
          autosave.resume();
          setLatest("explicit");
        }}
      >
        <input type="hidden" name="version" value={page.submission.version} />
        {page.groups.map((g) => (
          <section className="card dimension" key={g.code} id={`dim-${g.code}`} aria-labelledby={`g-${g.code}`}>
            <h2 id={`g-${g.code}`} tabIndex={-1}>
              {localText(locale, g.name)}
            </h2>
            {reviewing ? <DimensionBulk sectionId={`dim-${g.code}`} onFilled={setBulkMessage} /> : null}
            <table className="indicator-table">
              <thead>
                <tr>
                  <th scope="col">{t("indicator")}</th>
                  <th scope="col">{t("value")}</th>
                  <th scope="col">
                    {t("narrative")} / {t("dataSourceLabel")}
                  </th>
                  <th scope="col">{t("evidence")}</th>
                  <th scope="col">{reviewing ? t("decision") : t("assessorComment")}</th>
                </tr>
              </thead>
              <tbody>
                {g.indicators.map((ind) => (
                  <IndicatorRow
                    key={ind.code}
                    ind={ind}
                    value={page.values[ind.code]}
                    review={page.reviews[ind.code]}
                    evidence={page.evidence.filter((e) => e.indicatorCode === ind.code)}
                    rowKey={rowKey(ind.code)}
                    editable={editable && !surveySourced(ind)}
                    reviewing={reviewing}
                    changed={changedSinceReturn.has(ind.code)}
                    hidden={onlyChanged && !changedSinceReturn.has(ind.code) && page.reviews[ind.code]?.decision !== "returned"}
                    error={fieldErrors[ind.code]}
                    evidenceBase={`/campaigns/${slug}/cities/${city.code}/evidence`}
                    evidenceMax={formatBytes(page.evidenceMaxBytes)}
                  />
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <BulkMessage message={bulkMessage} />
        <ActionBar can={page.can} cityName={cityName} gaps={page.gaps} signOffGaps={page.signOffGaps} reviewing={reviewing} editable={editable} busy={busy} autosaveLine={autosaveLine} />
      </Form>
      {page.submission.id ? <SubmissionHistory history={page.history} names={indicatorNames} /> : null}
    </>
  );
}
