import { formatDate, formatDateTime, useT, useLocale } from "~/features/i18n";
import type { ChangesSinceReturn } from "~/features/submissions/index.server";
import { DataTable } from "~/ui/data-table";

function Saved({ value, narrative, dataSource }: { value?: number | null; narrative?: string; dataSource?: string }) {
  const t = useT();
  return (
    <>
      <strong>{value ?? "—"}</strong>
      {narrative ? <div className="muted">{narrative}</div> : null}
      {dataSource ? <div className="muted">{t("dataSourceLabel")}：{dataSource}</div> : null}
    </>
  );
}

/** The diff an assessor reads on a resubmission: what the city changed since the submission was returned. */
export function ChangesSinceReturnPanel({ diff, names }: { diff: ChangesSinceReturn; names: Record<string, string> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="since-return">
      <h2 id="since-return">{t("sinceReturnTitle", { round: diff.round, date: formatDate(locale, diff.returnedAt) })}</h2>
      {diff.reason ? <p className="muted">{t("sinceReturnReason", { reason: diff.reason })}</p> : null}
      {diff.untouched.length ? <p className="form-error">{t("sinceReturnUntouched", { codes: diff.untouched.join("、") })}</p> : null}
      {diff.changes.length === 0 ? (
        <p>{t("sinceReturnNone")}</p>
      ) : (
        <DataTable
          className="since-return"
          rows={diff.changes}
          rowKey={(c) => c.code}
          columns={[
            {
              header: t("indicator"),
              cell: (c) => (
                <>
                  <a href={`#v-${c.code}`}>{c.code}</a> {names[c.code]}
                </>
              ),
            },
            { header: t("before"), cell: (c) => (c.value ? <Saved {...c.value.before} /> : "—") },
            { header: t("after"), cell: (c) => (c.value ? <Saved {...c.value.after} /> : "—") },
            {
              header: t("evidence"),
              cell: (c) => (
                <>
                  {c.evidenceAdded.length ? <div>{t("evidenceAddedList", { names: c.evidenceAdded.join("、") })}</div> : null}
                  {c.evidenceRemoved.length ? <div>{t("evidenceRemovedList", { names: c.evidenceRemoved.join("、") })}</div> : null}
                </>
              ),
            },
            { header: t("changedBy"), className: "muted", cell: (c) => `${c.by.join("、")} · ${formatDateTime(locale, c.at)}` },
          ]}
        />
      )}
    </section>
  );
}
