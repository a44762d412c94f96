import type { LoaderFunctionArgs } from "@remix-run/node";
import { decide } from "~/features/access";
import { apiError, findCampaignResource, requireApiToken, withTenantScope } from "~/features/access/index.server";
import { surveyOverview } from "~/features/survey/index.server";
import { getDb } from "~/platform/db.server";

/**
 * GET /api/v1/campaigns/<slug>/survey — once the ranking is published: each city's survey estimates
 * (value, 95% interval and its method, n, effective n, weighting, below-minimum), responses received
 * and set aside. Before publication, and for another ministry's campaign, it is a 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const { actor } = await requireApiToken(db, request);
  const resource = await findCampaignResource(db, params.slug!);
  if (!resource || !decide(actor, "read:campaign", resource).allowed) throw apiError(404, `no campaign "${params.slug}" for this token`);
  if (!decide(actor, "read:published-results", resource).allowed) throw apiError(404, `the results of "${params.slug}" are not published`);
  const overview = await withTenantScope(actor, (scoped) => surveyOverview(scoped, resource.row, resource.cohort.map((c) => c.cityOrgId)));
  if (!overview) throw apiError(404, `"${params.slug}" has no citizen survey`);
  const row = resource.row;
  return Response.json({
    campaign: { slug: row.slug, name: { zh: row.nameZh, en: row.nameEn }, year: row.year, framework: row.frameworkRef },
    survey: { phase: overview.phase, opensAt: overview.opensAt, closesAt: overview.closesAt, frozenAt: overview.frozenAt },
    indicators: overview.indicators.map((i) => ({ code: i.code, name: i.name, estimator: i.estimator, minSample: i.minSample, targetMargin: i.targetMargin })),
    cities: overview.cities.map((c) => ({
      code: c.code,
      name: { zh: c.name, en: c.nameEn },
      received: c.estimates.received,
      counted: c.estimates.counted,
      excluded: c.estimates.excluded,
      responsesSha256: c.estimates.responsesSha256,
      estimates: c.estimates.indicators.map(({ code, estimate: e, unweighted }) => ({
        code,
        value: e.value,
        lower: e.lower,
        upper: e.upper,
        interval: e.method,
        n: e.n,
        nEffective: e.nEffective,
        designEffect: e.designEffect,
        weighted: e.weighted,
        unweightedValue: unweighted.value,
        belowMinimum: e.belowMinimum,
      })),
    })),
  });
}
