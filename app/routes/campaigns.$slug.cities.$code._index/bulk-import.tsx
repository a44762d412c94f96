import { useFetcher } from "@remix-run/react";
import { useRef } from "react";
import { ValueWarnings } from "./value-warnings";
import { useT } from "~/features/i18n";
import { DataTable } from "~/ui/data-table";

type ImportResult = { ok: true; saved: number; warnings: { code: string; message: string }[] } | { ok: false; problems: { row: number; column: string; message: string }[] };

/** Template downloads and the import form; it sits outside the values form, so it is an ordinary multipart form. */
export function BulkImport({ action }: { action: string }) {
  const t = useT();
  const fetcher = useFetcher<ImportResult>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
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
      <fetcher.Form ref={form} method="post" action={action} encType="multipart/form-data" className="inline-form">
        <input type="file" name="file" accept=".csv,.xlsx" aria-label={t("importFile")} required />
        <button type="submit" disabled={fetcher.state !== "idle"}>
          {t("importButton")}
        </button>
      </fetcher.Form>
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
            rows={result.problems}
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
