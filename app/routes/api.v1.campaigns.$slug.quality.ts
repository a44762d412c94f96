import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, requireApiToken, withTenantScope } from "~/features/access/index.server";
import { getDb } from "~/platform/db.server";
import { decide } from "~/features/access";
import { findCampaignResource } from "~/features/access/index.server";
import { campaignQualityOverview, flagText } from "~/features/quality/index.server";
import type { qualitySchema } from "~/features/api/index.server";
import type { z } from "zod";

/**
 * GET /api/v1/campaigns/<slug>/quality — every plausibility flag of a campaign of the token's
 * ministry (rule, outlier, history and evidence checks) with its figures, what the city explained
 * and how the assessor resolved it, and counts by kind. Read-only; flags are computed at request time.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const { actor } = await requireApiToken(db, request);
  const resource = await findCampaignResource(db, params.slug!);
  // Another ministry's campaign is reported exactly like a missing one.
  if (!resource || !decide(actor, "read:campaign", resource).allowed || !decide(actor, "read:campaign-quality", resource).allowed) throw apiError(404, `no campaign "${params.slug}" for this token`);
  const overview = await withTenantScope(actor, (scopedDb) => campaignQualityOverview(scopedDb, resource.campaignId));
  const row = resource.row;
  const context = { rules: overview.rules, cities: overview.cities };
  const body: z.infer<typeof qualitySchema> = {
    campaign: { slug: row.slug, name: { zh: row.nameZh, en: row.nameEn }, year: row.year, framework: row.frameworkRef },
    previousCampaigns: overview.previousCampaign,
    smallCohort: overview.smallCohort,
    totals: overview.totals,
    byKind: overview.byKind,
    flags: overview.flags.map((f) => ({
      city: overview.cities[f.cityOrgId]?.code ?? null,
      key: f.key,
      kind: f.kind,
      severity: f.severity,
      indicators: f.indicators,
      rule: f.rule ?? null,
      detail: f.detail,
      evidence: f.evidence ? { name: f.evidence.name, sha256: f.evidence.sha256 ?? null, at: f.evidence.at ?? null, deadline: f.evidence.deadline ?? null, otherCities: (f.evidence.otherCityOrgIds ?? []).map((id) => overview.cities[id]?.code ?? null) } : null,
      message: { zh: flagText("zh-CN", f, context), en: flagText("en", f, context) },
      status: f.status,
      explanation: f.note?.explanation ?? null,
      resolution: f.note?.resolution ? { outcome: f.note.resolution, note: f.note.resolutionNote, by: f.note.resolvedBy, at: f.note.resolvedAt } : null,
    })),
  };
  return Response.json(body);
}
