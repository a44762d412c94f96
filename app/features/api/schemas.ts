import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { CONCERNS } from "../results";
import { EVIDENCE_FLAG_KINDS, FLAG_STATUSES, RESOLUTION_CHOICES, VALUE_FLAG_KINDS } from "../quality";

// Schemas below carry their OpenAPI names and examples; the handlers build exactly these shapes.
extendZodWithOpenApi(z);

const localText = z.object({ zh: z.string(), en: z.string() }).strict().openapi("LocalText", { example: { zh: "杭州市", en: "Hangzhou" } });
const isoTime = z.string().datetime({ offset: true }).openapi({ example: "2026-06-30T08:00:00.000Z" });
const concernMap = z.object(Object.fromEntries(CONCERNS.map((c) => [c, z.number().nullable()])) as Record<(typeof CONCERNS)[number], z.ZodNullable<z.ZodNumber>>).strict();

export const apiErrorSchema = z.object({ error: z.string() }).strict().openapi("Error", { example: { error: 'no campaign "pilot-2031" for this token' } });

const campaignHead = z
  .object({ slug: z.string(), name: localText, year: z.number().int(), framework: z.string().openapi({ example: "zhiping-pilot@1.1.0" }) })
  .strict();

export const campaignListSchema = z
  .object({
    campaigns: z.array(campaignHead.extend({ publishedAt: isoTime, ranking: z.string().openapi({ example: "/api/v1/campaigns/pilot-2026/ranking" }) }).strict()),
  })
  .strict()
  .openapi("CampaignList");

export const RANKING_PAGE = { default: 100, max: 1000 } as const;

/** What a ranking request may ask: the page's filters, and a page of the result. */
export const rankingQuerySchema = z
  .object({
    view: z.enum(["overall", ...CONCERNS]).default("overall").openapi({ description: "rank by the index or one concern" }),
    q: z.string().max(100).default("").openapi({ description: "part of a city's name or code" }),
    province: z.string().max(50).default(""),
    region: z.string().max(50).default(""),
    tier: z.string().max(50).default(""),
    band: z.enum(["", "lt1m", "1to5m", "5to10m", "ge10m"]).default("").openapi({ description: "population band" }),
    status: z.string().max(30).default(""),
    sort: z.string().regex(/^[\w.-]+(:(asc|desc))?$/).optional().openapi({ example: "score:desc" }),
    limit: z.coerce.number().int().min(1).max(RANKING_PAGE.max).default(RANKING_PAGE.default),
    cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
  })
  .strict();

const rankingCity = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    province: z.string().nullable(),
    region: z.string().nullable(),
    tier: z.string().nullable(),
    population: z.number().nullable(),
    status: z.string().openapi({ example: "signed_off" }),
    score: z.number().nullable(),
    rank: z.number().int().nullable(),
    coverage: z.number().nullable(),
    dimensions: z.record(z.string(), z.number().nullable()),
    concerns: concernMap,
    concernRanks: concernMap,
    rankRange: z.object({ median: z.number(), q5: z.number(), q95: z.number(), top10: z.number() }).strict().nullable().openapi({ description: "the city's overall rank over the methodology audit's sampled methods" }),
  })
  .strict()
  .openapi("RankingCity");

export const rankingSchema = z
  .object({
    campaign: campaignHead.extend({ publishedAt: isoTime }).strict(),
    standing: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), at: isoTime, frameworkRef: z.string() }).strict().nullable(),
    dimensions: z.array(z.object({ code: z.string(), name: localText }).strict()),
    view: z.enum(["overall", ...CONCERNS]),
    rankRangeStatus: z.enum(["none", "running", "done", "failed"]),
    cities: z.array(rankingCity),
    page: z
      .object({ limit: z.number().int(), total: z.number().int().openapi({ description: "cities matching the filters" }), nextCursor: z.string().nullable() })
      .strict(),
  })
  .strict()
  .openapi("Ranking");

const flagKinds = [...VALUE_FLAG_KINDS, ...EVIDENCE_FLAG_KINDS] as [string, ...string[]];
const statusCounts = Object.fromEntries(FLAG_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof FLAG_STATUSES)[number], z.ZodNumber>;

export const qualitySchema = z
  .object({
    campaign: campaignHead,
    previousCampaigns: z.array(z.string()),
    smallCohort: z.array(z.string()).openapi({ description: "indicators with too few values to judge outliers" }),
    totals: z.object({ ...statusCounts, total: z.number().int(), notices: z.number().int() }).strict(),
    byKind: z.array(z.object({ key: z.enum(flagKinds), ...statusCounts, total: z.number().int() }).strict()),
    flags: z.array(
      z
        .object({
          city: z.string().nullable(),
          key: z.string().openapi({ example: "outlier:DS2.2" }),
          kind: z.enum(flagKinds),
          severity: z.enum(["error", "warning", "notice"]),
          indicators: z.array(z.string()),
          rule: z.string().nullable(),
          detail: z.record(z.string(), z.number()),
          evidence: z
            .object({ name: z.string(), sha256: z.string().nullable(), at: z.string().nullable(), deadline: z.string().nullable(), otherCities: z.array(z.string().nullable()) })
            .strict()
            .nullable(),
          message: localText,
          status: z.enum(FLAG_STATUSES),
          explanation: z.string().nullable(),
          resolution: z
            .object({ outcome: z.enum(RESOLUTION_CHOICES as unknown as [string, ...string[]]), note: z.string(), by: z.string().nullable(), at: z.string().nullable() })
            .strict()
            .nullable(),
        })
        .strict()
        .openapi("QualityFlag"),
    ),
  })
  .strict()
  .openapi("Quality");

