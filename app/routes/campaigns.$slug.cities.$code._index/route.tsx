import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AgreementPanel } from "./agreement-panel";
import { BulkImport } from "./bulk-import";
import { ChangesSinceReturnPanel } from "./changes-since-return";
import { EvidenceCell } from "./evidence-cell";
import { SubmissionHistory } from "~/features/audit";
import { ToFixPanel } from "./to-fix-panel";
import { useAutosave, useRowKeys, type SaveResult } from "./use-autosave";
import { ValueInput } from "./value-input";
import { ValueWarnings } from "./value-warnings";
import { formatBytes } from "~/ui/format-bytes";
import { formatDate, localText, useT, useLocale, localName } from "~/features/i18n";
import { submissionAction } from "./actions.server";
import { submissionPageData } from "~/features/submissions/index.server";
import { requireCityData } from "~/features/access/index.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "read:city-data");
  const historyCode = new URL(request.url).searchParams.get("history") || undefined;
  return { city, slug: params.slug!, viewerKind: user.actor.membership?.kind ?? null, page: await scoped((db) => submissionPageData(db, user, resource, city.id, historyCode)) };
}

export const action = ({ request, params }: ActionFunctionArgs) => submissionAction(request, params);

export default function SubmissionPage() {
  const { city, slug, viewerKind, page } = useLoaderData<typeof loader>();
  const params = useParams();
  const submitted = useActionData<typeof action>() as SaveResult | undefined;
  const t = useT();
  const locale = useLocale();
  const status = page.submission.status;
  const editable = page.can.save;
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, editable);
  const rowKey = useRowKeys(Object.fromEntries(Object.entries(page.values).map(([code, v]) => [code, v.version])), [submitted?.versions, autosave.ownVersions]);
  // The outcome shown is the latest: an explicit action's, or an autosave's that needs attention.
  const [latest, setLatest] = useState<"explicit" | "auto">("explicit");
  useEffect(() => {
    if (autosave.result) setLatest("auto");
  }, [autosave.result]);
  const autoProblem = autosave.result && (autosave.result.invalid || autosave.result.conflicts || autosave.result.error) ? autosave.result : undefined;
  const result = latest === "auto" ? autoProblem : submitted;
  const reviewing = page.can.review && !!page.reviewAgencyOrgId;
  const cityName = localName(locale, city.name, city.nameEn);
  const unreviewed = page.reviewProgress ? page.reviewProgress.total - page.reviewProgress.decided : 0;
  const indicatorNames = Object.fromEntries(page.groups.flatMap((g) => g.indicators.map((i) => [i.code, localText(locale, i.name)])));
  const changedSinceReturn = new Set(page.sinceReturn?.changes.map((c) => c.code));
  return (
    <>
      <p>
        <Link to={`/campaigns/${slug}`}>← {t("back")}</Link>
      </p>
      <h1>{t(viewerKind === "agency" ? "reviewTitle" : viewerKind === "ministry" ? "overseeTitle" : "submissionTitle", { city: cityName })}</h1>
      <section className="card" aria-live="polite">
        <p>
          <span className={`badge status-${status}`}>{t(`subStatus_${status}`)}</span> {page.submission.round ? `· ${t("round", { round: page.submission.round })}` : ""} · {t("framework")}: <code>{page.framework.ref}</code> ·{" "}
          {t("progress", page.progress)}
        </p>
        {page.reviewProgress && status !== "draft" && status !== "signed_off" ? (
          <p>{t("reviewProgress", page.reviewProgress)}</p>
        ) : null}
        {page.due ? (
          <p className={page.due.passed ? "form-error" : "muted"}>{t(page.due.passed ? "dueClosed" : status === "returned" ? "dueByCorrection" : "dueBy", { date: formatDate(locale, page.due.at) })}</p>
        ) : null}
        {editable ? <p className="muted">{t("evidenceRules", { limit: formatBytes(page.evidenceMaxBytes) })}</p> : null}
        {page.result ? (
          <p>
            {t("overallScore")}: <strong>{page.result.scores.scores.Index?.toFixed(2)}</strong> · {t("resultHash")}: <code>{page.result.hash.slice(0, 16)}…</code> ·{" "}
            <a href={`/campaigns/${params.slug}/cities/${params.code}/report`} download>
              {t("cityReport")}
            </a>
          </p>
        ) : null}
        {result?.saved !== undefined && !result.invalid && !result.conflicts && !result.error ? <p className="notice" role="status">{t("savedCount", { count: result.saved })}</p> : null}
        <ValueWarnings warnings={result?.warnings} />
        {result?.error ? (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        ) : null}
        {result?.invalid ? (
          <div className="form-error" role="alert">
            <p>{t("invalidTitle")}</p>
            <ul>
              {result.invalid.map((e) => (
                <li key={e.code}>
                  <a href={`#v-${e.code}`}>{e.code}</a>: {e.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {result?.conflicts ? (
          <div className="form-error" role="alert">
            <p>{t("conflictTitle")}</p>
            <ul>
              {result.conflicts.map((c) => (
                <li key={c.code}>
                  {c.code}: {t("conflictTheirs", { by: c.theirs.by, at: new Date(c.theirs.at).toLocaleString(locale), value: String(c.theirs.value ?? "—") })}; {t("conflictYours", { value: String(c.yours.value ?? "—") })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {page.toFix.length ? <ToFixPanel items={page.toFix} /> : null}
      {page.sinceReturn ? (
        <ChangesSinceReturnPanel diff={page.sinceReturn} names={indicatorNames} />
      ) : null}
      {page.agreement ? <AgreementPanel agreement={page.agreement} reconcileVersion={page.can.reconcile ? page.submission.version : null} /> : null}
      {page.blind ? (
        <p className="notice" role="note" data-testid="blind-assessment">
          {t("blindAssessment")}
        </p>
      ) : null}
      {editable ? <BulkImport action={`/campaigns/${slug}/cities/${city.code}/import`} /> : null}
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
          <section className="card" key={g.code} aria-labelledby={`g-${g.code}`}>
            <h2 id={`g-${g.code}`}>{localText(locale, g.name)}</h2>
            <div className="table-wrap">
              <table>
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
                  {g.indicators.map((ind) => {
                    const v = page.values[ind.code];
                    const r = page.reviews[ind.code];
                    return (
                      <tr key={ind.code} className={r?.decision === "returned" ? "returned" : changedSinceReturn.has(ind.code) ? "changed" : undefined}>
                        <td>
                          <label htmlFor={`v-${ind.code}`}>
                            {ind.code} {localText(locale, ind.name)}
                          </label>
                          <div className="muted" id={`u-${ind.code}`}>
                            {t("unit")}: {localText(locale, ind.unit)}
                            {ind.kind === "quantitative" && ind.expectedRange ? ` · ${t("expectedRange")}: ${ind.expectedRange[0]}–${ind.expectedRange[1]}` : ""}
                          </div>
                          {v ? (
                            <Link to={`?history=${encodeURIComponent(ind.code)}#history`} className="history-link">
                              {t("hist_link")}
                            </Link>
                          ) : null}
                        </td>
                        <td>
                          {/* Keyed by version: re-mounted when someone else changes the value, kept through this page's own saves. */}
                          <ValueInput key={rowKey(ind.code)} ind={ind} name={`v:${ind.code}`} value={v?.value} disabled={!editable} locale={locale} />
                          {editable ? (
                            <>
                              <input type="hidden" name={`b:${ind.code}`} value={v?.version ?? 0} />
                              <input type="hidden" name={`o:${ind.code}`} value={JSON.stringify({ value: v?.value ?? null, narrative: v?.narrative ?? "", dataSource: v?.dataSource ?? "" })} />
                            </>
                          ) : null}
                        </td>
                        <td>
                          {editable ? (
                            <div className="narrative-cell">
                              <textarea key={`n${rowKey(ind.code)}`} name={`n:${ind.code}`} aria-label={`${ind.code} ${t("narrative")}`} defaultValue={v?.narrative ?? ""} rows={2} />
                              {/* The framework's expected source is the hint; the city names the one it used. */}
                              <input key={`s${rowKey(ind.code)}`} name={`s:${ind.code}`} aria-label={`${ind.code} ${t("dataSourceLabel")}`} defaultValue={v?.dataSource ?? ""} placeholder={`${t("dataSourceLabel")}：${localText(locale, ind.dataSource)}`} />
                            </div>
                          ) : (
                            <>
                              <span>{v?.narrative || <span className="muted">{t("notFilled")}</span>}</span>
                              {v?.dataSource ? <div className="muted">{t("dataSourceLabel")}：{v.dataSource}</div> : null}
                            </>
                          )}
                        </td>
                        <td>
                          <EvidenceCell
                            code={ind.code}
                            items={page.evidence.filter((e) => e.indicatorCode === ind.code)}
                            mandatory={ind.evidence.some((e) => e.mandatory)}
                            action={`/campaigns/${slug}/cities/${city.code}/evidence`}
                            downloadBase={`/campaigns/${slug}/cities/${city.code}/evidence`}
                            editable={editable}
                            judging={reviewing}
                            maxLabel={formatBytes(page.evidenceMaxBytes)}
                          />
                        </td>
                        <td>
                          {reviewing ? (
                            <div className="review-cell">
                              <select name={`d:${ind.code}`} aria-label={`${ind.code} ${t("decision")}`} defaultValue={r?.decision ?? ""}>
                                <option value="">—</option>
                                <option value="accepted">{t("decision_accepted")}</option>
                                <option value="adjusted">{t("decision_adjusted")}</option>
                                <option value="returned">{t("decision_returned")}</option>
                              </select>
                              <ValueInput ind={ind} name={`a:${ind.code}`} value={r?.decision === "adjusted" ? r.value : null} locale={locale} label={`${ind.code} ${t("adjustedValue")}`} placeholder={t("adjustedValue")} />
                              <input name={`r:${ind.code}`} aria-label={`${ind.code} ${t("reason")}`} placeholder={t("reason")} defaultValue={r?.reason ?? ""} />
                            </div>
                          ) : r ? (
                            <span>
                              {t(`decision_${r.decision}`)}
                              {r.decision === "adjusted" ? ` → ${r.value}` : ""}
                              {r.reason ? `：${r.reason}` : ""}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        ))}
        <div className="actions card">
          {editable ? (
            <p className="autosave muted" aria-live="polite">
              {autosave.busy
                ? t("autosaving")
                : autosave.stopped
                  ? t("autosaveStopped")
                  : autosave.savedAt
                    ? t("autosaved", { time: autosave.savedAt.toLocaleTimeString(locale) })
                    : t("autosaveOn")}
            </p>
          ) : null}
          {editable ? (
            <button type="submit" name="intent" value="save" disabled={autosave.busy}>
              {t("saveDraft")}
            </button>
          ) : null}
          {page.can.submit ? (
            <button type="submit" name="intent" value="submit" disabled={autosave.busy}>
              {t("submitSubmission")}
            </button>
          ) : null}
          {page.can.resubmit ? (
            <button type="submit" name="intent" value="resubmit" disabled={autosave.busy}>
              {t("resubmitSubmission")}
            </button>
          ) : null}
          {page.can.withdraw ? (
            <details className="withdraw">
              <summary>{t("withdrawSubmission")}</summary>
              <p className="muted">{t("withdrawExplained")}</p>
              <input name="withdrawReason" aria-label={t("withdrawReason")} placeholder={t("withdrawReason")} maxLength={500} />
              <button type="submit" name="intent" value="withdraw" className="danger">
                {t("withdrawConfirm")}
              </button>
            </details>
          ) : null}
          {page.can.startReview ? (
            <button type="submit" name="intent" value="startReview">
              {t("startReview")}
            </button>
          ) : null}
          {reviewing ? (
            <>
              <button type="submit" name="intent" value="review">
                {t("saveReview")}
              </button>
              {page.can.returnForCorrection ? (
                <button type="submit" name="intent" value="returnForCorrection">
                  {t("returnForCorrection")}
                </button>
              ) : null}
              {page.can.signOff ? (
                <>
                  {/* The result is computed from saved reviews only: every indicator accepted or adjusted. */}
                  <button type="submit" name="intent" value="signOff" disabled={unreviewed > 0} aria-describedby={unreviewed > 0 ? "sign-off-blocked" : undefined}>
                    {t("signOffResult")}
                  </button>
                  {unreviewed > 0 ? (
                    <span id="sign-off-blocked" className="muted">
                      {t("signOffBlocked", { count: unreviewed })}
                    </span>
                  ) : null}
                </>
              ) : null}
            </>
          ) : null}
        </div>
      </Form>
      {page.submission.id ? <SubmissionHistory history={page.history} names={indicatorNames} /> : null}
    </>
  );
}
