import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useT } from "~/features/i18n";
import type { action } from "./route";

/** The import form and, after a refused file, every problem with where it is. */
export function ImportForm() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const refused = result && "problems" in result ? result : null;
  return (
    <section className="card">
      <h2>{t("importFramework")}</h2>
      <p className="muted">{t("importFrameworkHint")}</p>
      <Form method="post" action="?index&intent=import" encType="multipart/form-data" className="stack">
        <div>
          <label htmlFor="framework-file">{t("importFile")}</label>
          <input id="framework-file" name="file" type="file" accept=".json,.xlsx,.csv,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </div>
        <p className="muted">{t("importFrameworkIdHint")}</p>
        <div className="inline-form">
          <div>
            <label htmlFor="import-id">{t("newFrameworkId")}</label>
            <input id="import-id" name="id" defaultValue={refused?.values.id ?? ""} />
          </div>
          <div>
            <label htmlFor="import-version">{t("frameworkVersionField")}</label>
            <input id="import-version" name="version" defaultValue={refused?.values.version ?? ""} />
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {t("importButton")}
        </button>
      </Form>
      {refused ? (
        <div role="alert" className="form-error">
          <p>{t("importFailed", { count: refused.problems.length })}</p>
          <div className="table-wrap">
            <table data-testid="import-problems">
              <thead>
                <tr>
                  <th scope="col">{t("problemWhere")}</th>
                  <th scope="col">{t("problemWhat")}</th>
                </tr>
              </thead>
              <tbody>
                {refused.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.where}</td>
                    <td>{p.what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
