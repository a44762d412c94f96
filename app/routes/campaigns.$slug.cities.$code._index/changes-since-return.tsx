import { formatDate, formatDateTime, useT, useLocale } from "~/features/i18n";
import type { ChangesSinceReturn } from "~/features/submissions/index.server";

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
        <div className="table-wrap">
          <table className="since-return">
            <thead>
              <tr>
                <th scope="col">{t("indicator")}</th>
                <th scope="col">{t("before")}</th>
                <th scope="col">{t("after")}</th>
                <th scope="col">{t("evidence")}</th>
                <th scope="col">{t("changedBy")}</th>
              </tr>
            </thead>
            <tbody>
              {diff.changes.map((c) => (
                <tr key={c.code}>
                  <td>
                    <a href={`#v-${c.code}`}>{c.code}</a> {names[c.code]}
                  </td>
                  <td>{c.value ? <Saved {...c.value.before} /> : "—"}</td>
                  <td>{c.value ? <Saved {...c.value.after} /> : "—"}</td>
                  <td>
                    {c.evidenceAdded.length ? <div>{t("evidenceAddedList", { names: c.evidenceAdded.join("、") })}</div> : null}
                    {c.evidenceRemoved.length ? <div>{t("evidenceRemovedList", { names: c.evidenceRemoved.join("、") })}</div> : null}
                  </td>
                  <td className="muted">
                    {c.by.join("、")} · {formatDateTime(locale, c.at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
