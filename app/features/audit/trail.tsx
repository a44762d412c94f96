import { Form, Link } from "@remix-run/react";
import { formatDate, formatDateTime, termKey, useLocale, useT, type MessageKey } from "../i18n";
import { DataTable } from "../../ui/data-table";
import type { HistoryDetail, HistoryEntry } from "./trail.server";

const ACTION_LABELS: [prefix: string, key: MessageKey][] = [
  ["campaign.created", "hist_campaignCreated"],
  ["campaign.settings", "hist_campaignSettings"],
  ["campaign.deadlines", "hist_campaignDeadlines"],
  ["campaign.opened", "hist_campaignOpened"],
  ["campaign.closed", "hist_campaignClosed"],
  ["cohort.bulk-added", "hist_cohortBulkAdded"],
  ["cohort.added", "hist_cohortAdded"],
  ["cohort.changed", "hist_cohortChanged"],
  ["cohort.removed", "hist_cohortRemoved"],
  ["ranking.published", "hist_rankingPublished"],
  ["ranking.withdrawn", "hist_rankingWithdrawn"],
  ["value.", "hist_value"],
  ["review.", "hist_review"],
  ["evidence.added", "hist_evidenceAdded"],
  ["evidence.removed", "hist_evidenceRemoved"],
  ["evidence.judged", "hist_evidenceJudged"],
  ["status.", "hist_status"],
  ["submission.ready", "hist_ready"],
  ["result.", "hist_result"],
];

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

function Detail({ d }: { d: HistoryDetail | null }) {
  const t = useT();
  const locale = useLocale();
  if (!d) return <>—</>;
  const parts = [
    d.value !== undefined ? String(d.value ?? "—") : null,
    d.decision ? t(termKey("decision", d.decision)) : null,
    d.verdict ? t(termKey("verdict", d.verdict)) : null,
    d.status ? t(termKey("subStatus", d.status)) : null,
    d.campaignStatus ? t(termKey("status", d.campaignStatus)) : null,
    d.city ?? null,
    d.cities !== undefined ? t("histCities", { count: d.cities }) : null,
    d.frameworkRef ?? null,
    d.submissionDeadline ? `${t("submissionDeadline")} ${formatDate(locale, d.submissionDeadline)}` : null,
    d.reviewDeadline ? `${t("reviewDeadline")} ${formatDate(locale, d.reviewDeadline)}` : null,
    d.publishedAt ? formatDate(locale, d.publishedAt) : null,
    d.round ? t("round", { round: d.round }) : null,
    d.name ?? null,
    d.index !== undefined && d.index !== null ? d.index.toFixed(2) : null,
    d.hash ? `${d.hash.slice(0, 12)}…` : null,
  ].filter((p): p is string => p !== null);
  return (
    <>
      {parts.join(" · ") || "—"}
      {d.narrative ? <div className="muted">{clip(d.narrative)}</div> : null}
      {d.dataSource ? <div className="muted">{t("dataSourceLabel")}：{clip(d.dataSource)}</div> : null}
      {d.comment ? <div className="muted">{clip(d.comment)}</div> : null}
    </>
  );
}

/**
 * The submission's audit trail on its page: who changed what, when, from what to what, and why,
 * for the whole submission or one indicator (`?history=<code>`).
 */
export function SubmissionHistory({ history, names }: { history: { code: string | null; entries: HistoryEntry[] }; names: Record<string, string> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <details className="card history" id="history" open={!!history.code}>
      <summary>
        <h2>{t("historyTitle", { count: history.entries.length })}</h2>
      </summary>
      <Form method="get" className="inline" preventScrollReset>
        <select name="history" defaultValue={history.code ?? ""} aria-label={t("historyFilter")}>
          <option value="">{t("historyAll")}</option>
          {Object.entries(names).map(([code, name]) => (
            <option key={code} value={code}>
              {code} {name}
            </option>
          ))}
        </select>
        <button type="submit">
          {t("historyShow")}
        </button>
      </Form>
      {history.entries.length === 0 ? (
        <p className="muted">{t("historyNone")}</p>
      ) : (
        <AuditTrailTable entries={history.entries} linkCodes />
      )}
    </details>
  );
}

/** The audit trail as a table: when, who, what, before, after, why; `linkCodes` adds the indicator column, each linking to its own history. */
export function AuditTrailTable({ entries, linkCodes = false }: { entries: HistoryEntry[]; linkCodes?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <DataTable
      className="history"
      rows={entries}
      rowKey={(e) => e.seq}
      columns={[
        { header: t("historyAt"), cell: (e) => formatDateTime(locale, e.at) },
        { header: t("historyBy"), cell: (e) => e.by ?? "—" },
        { header: t("historyAction"), cell: (e) => t(ACTION_LABELS.find(([prefix]) => e.action.startsWith(prefix))?.[1] ?? "hist_other") },
        linkCodes && { header: t("indicator"), cell: (e) => (e.code ? <Link to={`?history=${encodeURIComponent(e.code)}#history`}>{e.code}</Link> : "—") },
        { header: t("before"), cell: (e) => <Detail d={e.before} /> },
        { header: t("after"), cell: (e) => <Detail d={e.after} /> },
        { header: t("reason"), cell: (e) => e.reason ?? "" },
      ]}
    />
  );
}
