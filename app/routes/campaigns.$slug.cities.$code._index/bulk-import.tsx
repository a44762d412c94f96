import { useRef } from "react";
import { useJsonPost } from "~/ui/use-json-post";
import { ValueWarnings } from "./value-warnings";
import { useT } from "~/features/i18n";
import { DataTable } from "~/ui/data-table";

type ImportResult = { ok: true; saved: number; warnings: { code: string; message: string }[] } | { ok: false; problems: { row: number; column: string; message: string }[] };

/** Template downloads and the import form; it sits outside the values form, so it is an ordinary multipart form, posted by script. */
export function BulkImport({ action }: { action: string }) {
  const t = useT();
  const post = useJsonPost<ImportResult>(t("networkError"));
  const form = useRef<HTMLFormElement>(null);
  const result = post.busy ? undefined : post.data;
  // A refusal that came as text (no access, too large for the server) is shown as the whole file's problem.
  const problems = result && !result.ok ? ("problems" in result ? result.problems : [{ row: 0, column: "", message: result.error }]) : [];
  return (
    <section className="card" aria-labelledby="bulk-import">
      <h2 id="bulk-import">{t("bulkImport")}</h2>
      <p className="muted">{t("bulkImportHint")}</p>
      <p className="actions">
        <a href={`${action}?format=csv`} download>
          {t("templateCsv")}
        </a>{" "}
        ·{" "}
        <a href={`${action}?format=xlsx`} download>
          {t("templateXlsx")}
        </a>
      </p>
      <form
        ref={form}
        method="post"
        action={action}
        encType="multipart/form-data"
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void post.submit(action, new FormData(event.currentTarget));
        }}
      >
        <input type="file" name="file" accept=".csv,.xlsx" aria-label={t("importFile")} required />
        <button type="submit" disabled={post.busy}>
          {t("importButton")}
        </button>
      </form>
      {result?.ok ? (
        <>
          <p className="notice" role="status">
            {t("importDone", { count: result.saved })}
          </p>
          <ValueWarnings warnings={result.warnings} />
        </>
      ) : null}
      {result && !result.ok ? (
        <div className="form-error" role="alert">
          <p>{t("importProblems")}</p>
          <DataTable
            rows={problems}
            rowKey={(p) => `${p.row}:${p.column}:${p.message}`}
            columns={[
              { header: t("importRow"), cell: (p) => p.row || "—" },
              { header: t("importColumn"), cell: (p) => p.column || "—" },
              { header: t("importMessage"), cell: (p) => p.message },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
