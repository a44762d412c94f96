import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceFile } from "~/features/evidence/index.server";
import { getStorage } from "~/platform/storage.server";
import { findSubmission } from "~/features/submissions/index.server";
import { requireCityData } from "~/features/access/index.server";
import { refusal, problem } from "~/features/i18n";

/** Downloads one evidence file, for whoever may read the city's data; always as an attachment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, city, user, scoped } = await requireCityData(request, params, "read:city-data");
  const file = await scoped(async (db) => {
    const sub = await findSubmission(db, resource.campaignId, city.id);
    return sub ? evidenceFile(db, getStorage(), sub.id, params.id!) : null;
  });
  if (!file) throw refusal(user.locale, 404, problem("p_noEvidenceFile"));
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      // Served as what the content is, never sniffed into something else (an HTML page, a script).
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
