import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicUrl } from "~/platform/env.server";
import { getDb } from "~/platform/db.server";
import { publicSurveyTarget, surveyLink, surveyQrPng } from "~/features/survey/index.server";

/** The QR code of a city's public survey link, as a 512-pixel PNG for screens and apps. */
export async function loader({ params }: LoaderFunctionArgs) {
  const target = await publicSurveyTarget(await getDb(), params.slug ?? "", params.code ?? "");
  if (!target) throw new Response(null, { status: 404 });
  const png = await surveyQrPng(`${publicUrl()}${surveyLink(target.campaign.slug, target.code ?? "")}`);
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Content-Disposition": `attachment; filename="survey-${target.code}.png"`, "Cache-Control": "public, max-age=3600" } });
}
