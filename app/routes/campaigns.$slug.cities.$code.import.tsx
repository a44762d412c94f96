import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { importConflictProblems, importProblem, localizeImportProblems, readImportFile, templateCsv, templateRows, templateXlsx, validateImport, type ImportProblem } from "~/features/submissions/index.server";
import { localized, problem, ProblemError, refusal } from "~/features/i18n";
import { campaignFramework, currentValues, findSubmission, getOrCreateSubmission, saveValues } from "~/features/submissions/index.server";
import { readUploadForm } from "~/platform/request-body.server";
import { requireCityData } from "~/features/access/index.server";

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** GET ?format=csv|xlsx: the city's import template, pre-filled with what it has saved. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "update:city-data");
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw refusal(user.locale, 400, problem("p_badFormat", { formats: "csv, xlsx", got: String(format ?? "") }));
  const rows = await scoped(async (db) => {
    const { framework } = await campaignFramework(db, resource.campaignId);
    const sub = await findSubmission(db, resource.campaignId, city.id);
    return templateRows(framework, await currentValues(db, sub?.id ?? null), user.locale);
  });
  const body = format === "csv" ? templateCsv(rows) : await templateXlsx(rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${city.code}-${params.slug}-import.${format}`)}`,
    },
  });
}

/**
 * POST (multipart, field "file"): imports the values all-or-nothing; every problem is reported by
 * row and column. Answers are JSON with a status that says what happened.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "update:city-data");
  const refuse = (status: number, problems: ImportProblem[]) => Response.json({ ok: false as const, problems: localizeImportProblems(user.locale, problems) }, { status });
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_IMPORT_BYTES, problem("p_importTooLarge"));
  } catch (error) {
    if (error instanceof ProblemError) return refuse(error.status, [importProblem(0, "", error.problem)]);
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return refuse(400, [importProblem(0, "", problem("p_importChooseFile"))]);
  const read = await readImportFile(new Uint8Array(await file.arrayBuffer()));
  if ("problems" in read) return refuse(400, read.problems);
  const imported = await scoped(async (db) => {
    const { framework } = await campaignFramework(db, resource.campaignId);
    const sub = await getOrCreateSubmission(db, resource.campaignId, city.id);
    const checked = validateImport(framework, read.rows, await currentValues(db, sub.id));
    return "problems" in checked ? checked : { outcome: await saveValues(db, sub, user.id, checked.changes), rows: checked.rows };
  });
  if ("problems" in imported) return refuse(400, imported.problems);
  const { outcome, rows } = imported;
  if (outcome.ok) return Response.json({ ok: true as const, saved: outcome.saved.length, warnings: localized(user.locale, outcome.warnings) });
  if (outcome.kind === "conflict") return refuse(409, importConflictProblems(outcome.conflicts, rows));
  if (outcome.kind === "locked") return refuse(409, [importProblem(0, "", outcome.problem)]);
  return refuse(400, outcome.errors.map((e) => importProblem(0, e.code, e.problem)));
}
