import { z } from "zod";
import { type SessionUser } from "~/features/accounts/index.server";
import { withTenantScope } from "~/features/access/index.server";
import { copyIntoLibrary, frameworkIdSchema, importIntoLibrary, readFrameworkFile, versionSchema, type FrameworkFileProblem } from "~/features/frameworks/index.server";
import { problemWhat, problemWhere } from "~/features/frameworks";
import { problem, problemText, ProblemError, translate } from "~/features/i18n";
import { parseForm } from "~/platform/forms";
import { pageForm, readUploadForm } from "~/platform/request-body.server";

const copySchema = z.object({
  fromRef: z.string().min(1, "required"),
  id: frameworkIdSchema,
  version: versionSchema,
  nameZh: z.string().trim().min(1, "required").max(200, "tooLong"),
  nameEn: z.string().trim().min(1, "required").max(200, "tooLong"),
});

export async function copyFramework(request: Request, user: SessionUser) {
  const form = await pageForm(request, user.locale);
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) as Record<string, string>;
  const fail = (errors: Record<string, string>, status = 400) => ({ fromRef: values.fromRef ?? "", errors, values, status });
  const parsed = parseForm(copySchema, form);
  if (parsed.errors) return fail(Object.fromEntries(Object.entries(parsed.errors).map(([k, key]) => [k, translate(user.locale, key)])));
  try {
    const { fromRef, id, version, nameZh, nameEn } = parsed.data;
    return { ref: await withTenantScope(user.actor, (db) => copyIntoLibrary(db, user.actor, { fromRef, id, version, name: { zh: nameZh, en: nameEn } })) };
  } catch (e) {
    if (e instanceof ProblemError) return fail({ [e.field ?? "form"]: problemText(user.locale, e.problem) }, e.status);
    throw e;
  }
}

const MAX_FRAMEWORK_FILE_BYTES = 5 * 1024 * 1024;

export async function importFramework(request: Request, user: SessionUser) {
  const refuse = (problems: FrameworkFileProblem[], values: Record<string, string> = {}, status = 400) => ({
    problems: problems.map((p) => ("file" in p ? { where: translate(user.locale, "wholeFile"), what: problemText(user.locale, p.file) } : { where: problemWhere(user.locale, p), what: problemWhat(user.locale, p) })),
    values,
    status,
  });
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_FRAMEWORK_FILE_BYTES, problem("p_importTooLarge"));
  } catch (error) {
    if (error instanceof ProblemError) return refuse([{ file: error.problem }], {}, error.status);
    throw error;
  }
  const values = { id: String(form.get("id") ?? "").trim(), version: String(form.get("version") ?? "").trim() };
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return refuse([{ file: problem("p_importChooseFile") }], values);
  const id = values.id ? frameworkIdSchema.safeParse(values.id) : null;
  const version = values.version ? versionSchema.safeParse(values.version) : null;
  if (id && !id.success) return refuse([{ file: problem("frameworkIdFormat") }], values);
  if (version && !version.success) return refuse([{ file: problem("frameworkVersionFormat") }], values);
  const read = await readFrameworkFile(new Uint8Array(await file.arrayBuffer()), file.name, { id: id?.data ?? "", version: version?.data ?? "" });
  if ("problems" in read) {
    // An iMeta file carries no id or version: say so once rather than as a schema problem.
    if (!id?.data || !version?.data) if (read.problems.some((p) => "path" in p && (p.path[0] === "id" || p.path[0] === "version") && p.path.length === 1)) return refuse([{ file: problem("frameworkImportNeedsId") }], values);
    return refuse(read.problems, values);
  }
  const document = { ...read.framework, ...(id?.data ? { id: id.data } : {}), ...(version?.data ? { version: version.data } : {}) };
  try {
    return { ref: await withTenantScope(user.actor, (db) => importIntoLibrary(db, user.actor, document)) };
  } catch (e) {
    if (e instanceof ProblemError) return refuse([{ file: e.problem }], values, e.status);
    throw e;
  }
}
