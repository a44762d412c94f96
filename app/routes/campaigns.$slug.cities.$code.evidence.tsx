import type { ActionFunctionArgs } from "@remix-run/node";
import { evidenceMaxBytes } from "~/features/evidence/index.server";
import { addFileEvidence, addLinkEvidence, removeEvidence } from "~/features/evidence/index.server";
import { formatBytes } from "~/ui/format-bytes";
import { problem, problemText, ProblemError } from "~/features/i18n";
import { getStorage } from "~/platform/storage.server";
import { getOrCreateSubmission } from "~/features/submissions/index.server";
import { formText, readUploadForm } from "~/platform/request-body.server";
import { requireCityData } from "~/features/access/index.server";

/** The form's file, read before the database transaction starts. */
async function uploadedFile(form: FormData) {
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) throw new ProblemError(problem("p_chooseFile"), 400);
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * A city editor's evidence changes (multipart: intent upload | link | remove, indicator, file, url,
 * title, evidence). Access is checked before the body is read, so nobody else can make the server
 * buffer an upload; reading stops at the size limit. Answers are JSON with a status that says
 * what happened (a raw Response: a resource route's `data()` would go out as 200).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "update:city-data");
  const refuse = (error: ProblemError) => Response.json({ ok: false as const, error: problemText(user.locale, error.problem) }, { status: error.status });
  try {
    const maxBytes = evidenceMaxBytes();
    const form = await readUploadForm(request, maxBytes, problem("p_uploadTooLarge", { limit: formatBytes(maxBytes) }));
    const intent = formText(form, "intent");
    const indicatorCode = formText(form, "indicator");
    if (intent !== "upload" && intent !== "link" && intent !== "remove") throw new ProblemError(problem("p_unknownIntent", { intent }), 400);
    const upload = intent === "upload" ? await uploadedFile(form) : null;
    const id = await scoped(async (db) => {
      const sub = await getOrCreateSubmission(db, resource.campaignId, city.id);
      if (upload) return (await addFileEvidence(db, getStorage(), sub, user.id, { indicatorCode, ...upload })).id;
      if (intent === "link") return (await addLinkEvidence(db, sub, user.id, { indicatorCode, url: formText(form, "url"), title: formText(form, "title") })).id;
      await removeEvidence(db, sub, user.id, formText(form, "evidence"));
      return null;
    });
    return Response.json({ ok: true as const, id });
  } catch (error) {
    if (error instanceof ProblemError) return refuse(error);
    throw error;
  }
}
