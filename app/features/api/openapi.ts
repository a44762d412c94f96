import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { apiErrorSchema, campaignListSchema, qualitySchema, rankingQuerySchema, rankingSchema } from "./schemas";

const HASH = "9f2c1d0e8b7a6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d";
const campaignExample = { slug: "pilot-2026", name: { zh: "2026 年新型智慧城市试点评估", en: "2026 smart-city pilot assessment" }, year: 2026, framework: "zhiping-pilot@1.1.0" };

const EXAMPLES = {
  campaigns: { campaigns: [{ ...campaignExample, publishedAt: "2026-07-15T02:00:00.000Z", ranking: "/api/v1/campaigns/pilot-2026/ranking" }] },
  ranking: {
    campaign: { ...campaignExample, publishedAt: "2026-07-15T02:00:00.000Z" },
    standing: { hash: HASH, at: "2026-07-10T09:30:00.000Z", frameworkRef: "zhiping-pilot@1.1.0" },
    dimensions: [{ code: "D1", name: { zh: "市民参与", en: "Citizen engagement" } }],
    view: "overall",
    rankRangeStatus: "done",
    cities: [
      {
        code: "330100",
        name: "杭州市",
        nameEn: "Hangzhou",
        province: "浙江省",
        region: "east",
        tier: "new-tier-1",
        population: 12_376_000,
        status: "signed_off",
        score: 71.42,
        rank: 1,
        coverage: 1,
        dimensions: { D1: 68.2 },
        concerns: { "citizen-engagement": 66.1, "data-silos": 74.9, operability: 70.3 },
        concernRanks: { "citizen-engagement": 2, "data-silos": 1, operability: 1 },
        rankRange: { median: 1, q5: 1, q95: 3, top10: 1 },
      },
    ],
    page: { limit: 100, total: 12, nextCursor: null },
  },
  quality: {
    campaign: campaignExample,
    previousCampaigns: ["pilot-2025"],
    smallCohort: [],
    totals: { open: 1, explained: 0, resolved: 0, total: 1, notices: 0 },
    byKind: [{ key: "outlier", open: 1, explained: 0, resolved: 0, total: 1 }],
    flags: [
      {
        city: "420100",
        key: "outlier:DS2.2",
        kind: "outlier",
        severity: "warning",
        indicators: ["DS2.2"],
        rule: null,
        detail: { value: 2400, median: 240, mad: 35, modifiedZ: 15.2 },
        evidence: null,
        message: { zh: "DS2.2 的数值 2400 远高于同批城市的中位数 240。", en: "DS2.2 is 2400, far above the cohort's median of 240." },
        status: "open",
        explanation: null,
        resolution: null,
      },
    ],
  },
};

const bearer = [{ token: [] as string[] }];
const errors = {
  401: { description: "no token, or a token that is unknown or revoked", content: { "application/json": { schema: apiErrorSchema, example: { error: "invalid token" } } } },
  404: { description: "no such campaign for this token's ministry (another ministry's is reported the same way)", content: { "application/json": { schema: apiErrorSchema, example: { error: 'no campaign "pilot-2031" for this token' } } } },
};

/** The /api/v1 contract, generated from the zod schemas the handlers are typed and validated by. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "token", { type: "http", scheme: "bearer", description: "a ministry's read-only API token (Settings → API tokens)" });
  const slug = z.object({ slug: z.string().openapi({ example: "pilot-2026" }) });

  registry.registerPath({
    method: "get",
    path: "/api/v1/campaigns",
    operationId: "listCampaigns",
    summary: "The token's ministry's campaigns with a published ranking",
    security: bearer,
    responses: { 200: { description: "campaigns, oldest year first", content: { "application/json": { schema: campaignListSchema, example: EXAMPLES.campaigns } } }, 401: errors[401] },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/campaigns/{slug}/ranking",
    operationId: "getRanking",
    summary: "A published ranking, filtered, sorted and paged like the ranking page",
    description:
      "Cities are sorted as asked (default: by rank), then cut into pages of `limit`. Pass `page.nextCursor` as `cursor` for the next page; a cursor from another query or an older standing is refused (400). Responses carry an `ETag`: send it back as `If-None-Match` to get 304 while nothing changed.",
    security: bearer,
    request: { params: slug, query: rankingQuerySchema },
    responses: {
      200: { description: "one page of the ranking", headers: { ETag: { schema: { type: "string" } } }, content: { "application/json": { schema: rankingSchema, example: EXAMPLES.ranking } } },
      304: { description: "not modified since the ETag sent in If-None-Match" },
      400: { description: "a query parameter out of range, or a stale cursor", content: { "application/json": { schema: apiErrorSchema, example: { error: "limit: must be at most 1000" } } } },
      ...errors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/campaigns/{slug}/quality",
    operationId: "getQuality",
    summary: "Every plausibility flag of a campaign, with its figures, the city's explanation and the assessor's resolution",
    security: bearer,
    request: { params: slug },
    responses: { 200: { description: "flags computed at request time", content: { "application/json": { schema: qualitySchema, example: EXAMPLES.quality } } }, ...errors },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Zhiping (智评) API",
      version: "1",
      description: "Read-only access for a ministry to its own campaigns' published results and data-quality checks. Every response is JSON; errors are `{\"error\": \"…\"}`.",
    },
    servers: [{ url: "/" }],
  });
}
