import { redirect } from "@remix-run/node";
import { getDb } from "../../platform/db.server";
import { normaliseReportId, normaliseResultHash } from "../../../reports/index";
import { verifyReport } from "./pdf.server";

/**
 * What the verification page shows for the address it was given: the form alone, or the verdict.
 * An ID or hash typed in another form (lower case, a line break from a PDF copy) is redirected to
 * its canonical address first, so the page, its links and its bookmarks agree.
 */
export async function verificationFor(request: Request, pathId: string | undefined) {
  const url = new URL(request.url);
  const typedId = pathId ?? url.searchParams.get("id") ?? "";
  const typedHash = url.searchParams.get("hash") ?? "";
  const id = normaliseReportId(typedId);
  const hash = normaliseResultHash(typedHash);
  if (id && (pathId === undefined || id !== pathId || hash !== typedHash)) throw redirect(`/verify/${encodeURIComponent(id)}${hash ? `?hash=${hash}` : ""}`);
  const verdict = id && hash ? await verifyReport(await getDb(), id, hash) : null;
  return { id, hash, verdict };
}
