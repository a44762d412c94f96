import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicUrl } from "~/platform/env.server";
import { getDb } from "~/platform/db.server";
import { publicSurveyTarget, surveyLink, surveyQrSvg } from "~/features/survey/index.server";

/** The QR code of a city's public survey link, as SVG for print. */
export async function loader({ params }: LoaderFunctionArgs) {
  const target = await publicSurveyTarget(await getDb(), params.slug ?? "", params.code ?? "");
  if (!target) throw new Response(null, { status: 404 });
  const svg = await surveyQrSvg(`${publicUrl()}${surveyLink(target.campaign.slug, target.code ?? "")}`);
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
