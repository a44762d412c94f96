import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { readImportFile, templateCsv, templateRows, templateXlsx, validateImport } from "~/utils/bulk-import.server";
import { cityContext } from "~/utils/submission-page.server";
import { campaignFramework, currentValues, findSubmission, getOrCreateSubmission, saveValues } from "~/utils/submissions.server";
import { readMultipartForm } from "~/utils/uploads.server";

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** GET ?format=csv|xlsx: the city's import template, pre-filled with what it has saved. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, resource, city, user } = await cityContext(request, params, "update:city-data");
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw new Response('format must be "csv" or "xlsx"', { status: 400 });
  const { framework } = await campaignFramework(db, resource.campaignId);
  const sub = await findSubmission(db, resource.campaignId, city.id);
  const rows = templateRows(framework, await currentValues(db, sub?.id ?? null), user.locale);
  const body = format === "csv" ? templateCsv(rows) : await templateXlsx(rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${city.code}-${params.slug}-import.${format}`)}`,
    },
  });
}

/** POST (multipart, field "file"): imports the values all-or-nothing; every problem is reported by row and column. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, resource, city, user } = await cityContext(request, params, "update:city-data");
  const form = await readMultipartForm(request, MAX_IMPORT_BYTES);
  if (!form) return data({ ok: false as const, problems: [{ row: 0, column: "", message: "The file is larger than 5 MB; the template is far smaller." }] }, { status: 413 });
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return data({ ok: false as const, problems: [{ row: 0, column: "", message: "Choose a CSV or XLSX file." }] }, { status: 400 });
  const read = await readImportFile(new Uint8Array(await file.arrayBuffer()));
  if ("problems" in read) return data({ ok: false as const, problems: read.problems }, { status: 400 });
  const { framework } = await campaignFramework(db, resource.campaignId);
  const sub = await getOrCreateSubmission(db, resource.campaignId, city.id);
  const checked = validateImport(framework, read.rows, await currentValues(db, sub.id));
  if ("problems" in checked) return data({ ok: false as const, problems: checked.problems }, { status: 400 });
  const outcome = await saveValues(db, sub, user.id, checked.changes);
  if (outcome.ok) return { ok: true as const, saved: outcome.saved.length, warnings: outcome.warnings };
  if (outcome.kind === "conflict")
    return data({ ok: false as const, problems: outcome.conflicts.map((c) => ({ row: 0, column: c.code, message: `${c.code} was changed by ${c.theirs.by} during the import; nothing was imported, try again` })) }, { status: 409 });
  if (outcome.kind === "locked") return data({ ok: false as const, problems: [{ row: 0, column: "", message: outcome.message }] }, { status: 409 });
  return data({ ok: false as const, problems: outcome.errors.map((e) => ({ row: 0, column: e.code, message: e.message })) }, { status: 400 });
}
