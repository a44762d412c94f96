import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { campaign } from "../../db/schema";
import { requireApiToken, withTenantScope } from "~/features/access/index.server";
import { getDb } from "~/platform/db.server";
import { decide, toResource } from "~/features/access";
import type { campaignListSchema } from "~/features/api/index.server";
import type { z } from "zod";

/** GET /api/v1/campaigns — the token's ministry's campaigns with a published ranking. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const { organizationId, actor } = await requireApiToken(db, request);
  const owned = await withTenantScope(actor, (scopedDb) => scopedDb.select().from(campaign).where(eq(campaign.ministryOrgId, organizationId)).orderBy(campaign.year, campaign.slug));
  // The ministry's own campaigns need no cohort to decide on.
  const rows = owned.filter((c) => decide(actor, "read:published-results", toResource(c, [])).allowed);
  const body: z.infer<typeof campaignListSchema> = {
    campaigns: rows.map((c) => ({ slug: c.slug, name: { zh: c.nameZh, en: c.nameEn }, year: c.year, framework: c.frameworkRef, publishedAt: c.resultsPublishedAt!.toISOString(), ranking: `/api/v1/campaigns/${c.slug}/ranking` })),
  };
  return Response.json(body);
}
