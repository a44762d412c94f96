import { data, type ActionFunctionArgs } from "@remix-run/node";
import { evidenceMaxBytes } from "~/features/evidence/index.server";
import { addFileEvidence, addLinkEvidence, EvidenceError, removeEvidence } from "~/features/evidence/index.server";
import { formatBytes } from "~/ui/format-bytes";
import { problem, problemText, refusal } from "~/features/i18n";
import { getStorage } from "~/platform/storage.server";
import { getOrCreateSubmission } from "~/features/submissions/index.server";
import { readMultipartForm } from "~/platform/uploads.server";
import { requireCityData } from "~/features/access/index.server";

/**
 * A city editor's evidence changes (multipart: intent upload | link | remove, indicator, file, url,
 * title, evidence). Access is checked before the body is read, so nobody else can make the server
 * buffer an upload; the size limit stops reading at the limit.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, resource, city, user } = await requireCityData(request, params, "update:city-data");
  const maxBytes = evidenceMaxBytes();
  const form = await readMultipartForm(request, maxBytes);
  if (!form) return data({ ok: false as const, error: problemText(user.locale, problem("p_uploadTooLarge", { limit: formatBytes(maxBytes) })) }, { status: 413 });
  const intent = String(form.get("intent") ?? "");
  const indicatorCode = String(form.get("indicator") ?? "");
  const sub = await getOrCreateSubmission(db, resource.campaignId, city.id);
  try {
    if (intent === "upload") {
      const file = form.get("file");
      if (!(file instanceof File) || !file.name) throw new EvidenceError(problem("p_chooseFile"));
      const stored = await addFileEvidence(db, getStorage(), sub, user.id, { indicatorCode, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      return { ok: true as const, id: stored.id };
    }
    if (intent === "link") return { ok: true as const, id: (await addLinkEvidence(db, sub, user.id, { indicatorCode, url: String(form.get("url") ?? ""), title: String(form.get("title") ?? "") })).id };
    if (intent === "remove") {
      await removeEvidence(db, sub, user.id, String(form.get("evidence") ?? ""));
      return { ok: true as const, id: null };
    }
    throw refusal(user.locale, 400, problem("p_unknownIntent", { intent }));
  } catch (error) {
    if (error instanceof EvidenceError) return data({ ok: false as const, error: problemText(user.locale, error.problem) }, { status: error.status });
    throw error;
  }
}
