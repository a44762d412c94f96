import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, isNotNull } from "drizzle-orm";
import { campaign } from "../../db/schema";
import { requireApiToken } from "~/utils/api-tokens.server";
import { getDb } from "~/utils/db.server";

/** GET /api/v1/campaigns — the token's ministry's campaigns with a published ranking. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const { organizationId } = await requireApiToken(db, request);
  const rows = await db
    .select()
    .from(campaign)
    .where(and(eq(campaign.ministryOrgId, organizationId), isNotNull(campaign.resultsPublishedAt)))
    .orderBy(campaign.year, campaign.slug);
  return Response.json({
    campaigns: rows.map((c) => ({ slug: c.slug, name: { zh: c.nameZh, en: c.nameEn }, year: c.year, framework: c.frameworkRef, publishedAt: c.resultsPublishedAt!.toISOString(), ranking: `/api/v1/campaigns/${c.slug}/ranking` })),
  });
}
