import Ajv2020 from "ajv/dist/2020.js";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaign, organization, user } from "../../../db/schema";
import { DEMO_MINISTRY } from "../../../db/seed/demo-data";
import { createApiToken } from "../../../app/features/access/index.server";
import { setRankingPublished } from "../../../app/features/results/index.server";
import * as campaignsApi from "../../../app/routes/api.v1.campaigns";
import * as rankingApi from "../../../app/routes/api.v1.campaigns.$slug.ranking";
import * as qualityApi from "../../../app/routes/api.v1.campaigns.$slug.quality";
import * as openapiJson from "../../../app/routes/api.v1.openapi[.]json";
import * as docsPage from "../../../app/routes/api.v1.docs";
import { BASE, startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { en, zh } from "../../../app/features/i18n/messages/results";

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object; example?: unknown }> }> }>>; components: object };

async function call(route: { loader: (a: never) => unknown }, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return (await (route.loader as (a: unknown) => Promise<Response>)({ request: new Request(`${BASE}${path}`, { headers }), params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Checks bodies against the document's own schemas, as any client generated from it would. */
function contractOf(document: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("date-time", true);
  ajv.addSchema({ $id: "zhiping-api", components: document.components });
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  return {
    /** Throws with ajv's errors unless this status is documented for the operation and the body matches its schema. */
    check(operationId: string, status: number, body: unknown) {
      const operation = Object.values(document.paths).flatMap((item) => Object.values(item)).find((op) => op.operationId === operationId);
      expect(operation, operationId).toBeDefined();
      const response = operation!.responses[String(status)];
      expect(response, `${operationId} ${status} is not in the document`).toBeDefined();
      const schema = response!.content?.["application/json"]?.schema;
      if (!schema) return expect(body).toBeNull();
      const key = `${operationId} ${status}`;
      if (!validators.has(key)) validators.set(key, ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"zhiping-api#/components'))));
      const validate = validators.get(key)!;
      if (!validate(body)) throw new Error(`${key}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
    },
  };
}

describe.each(DRIVERS)("the /api/v1 contract on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("every response of the demo — each campaign's ranking (filtered, sorted, every page) and quality, and each refusal — matches the OpenAPI document; so do its examples", async () => {
    const document = (await (await call(openapiJson, "/api/v1/openapi.json", {})).json()) as Doc & { openapi: string };
    expect(document.openapi).toBe("3.1.0");
    const contract = contractOf(document);
    // The document's own examples are valid answers.
    for (const item of Object.values(document.paths))
      for (const op of Object.values(item))
        for (const [status, response] of Object.entries(op.responses)) {
          if (!response.content) continue;
          const example = response.content["application/json"]?.example;
          expect(example, `${op.operationId} ${status} has an example`).toBeDefined();
          contract.check(op.operationId, Number(status), example);
        }

    const db = database.db;
    const [ministry] = await db.select().from(organization).where(eq(organization.slug, DEMO_MINISTRY.slug));
    const [admin] = await db.select().from(user).where(eq(user.email, "ministry.admin@zhiping.demo"));
    const campaigns = await db.select().from(campaign).where(eq(campaign.ministryOrgId, ministry!.id));
    for (const c of campaigns) await setRankingPublished(db, c.id, admin!.id, true);
    const token = await createApiToken(db, ministry!.id, "contract test", admin!.id);
    const auth = { authorization: `Bearer ${token}` };

    const listed = await call(campaignsApi, "/api/v1/campaigns", {}, auth);
    const list = (await listed.json()) as { campaigns: { slug: string }[] };
    contract.check("listCampaigns", listed.status, list);
    expect(list.campaigns.map((c) => c.slug).sort()).toEqual(campaigns.map((c) => c.slug).sort());

    for (const { slug } of list.campaigns) {
      for (const query of ["", "?view=data-silos&sort=score:desc", "?province=浙江省", "?q=zzz-no-such-city"]) {
        const response = await call(rankingApi, `/api/v1/campaigns/${slug}/ranking${query}`, { slug }, auth);
        expect(response.status, `${slug}${query}`).toBe(200);
        contract.check("getRanking", 200, await response.json());
      }
      // Every page, cut three cities at a time, gives every city once and in the unpaged order.
      const whole = (await (await call(rankingApi, `/api/v1/campaigns/${slug}/ranking?sort=rank:asc&limit=1000`, { slug }, auth)).json()) as { cities: { code: string }[] };
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await call(rankingApi, `/api/v1/campaigns/${slug}/ranking?sort=rank:asc&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { slug }, auth);
        const page = (await response.json()) as { cities: { code: string }[]; page: { nextCursor: string | null; total: number } };
        contract.check("getRanking", response.status, page);
        expect(page.page.total).toBe(whole.cities.length);
        paged.push(...page.cities.map((c) => c.code));
        cursor = page.page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(whole.cities.map((c) => c.code));

      const quality = await call(qualityApi, `/api/v1/campaigns/${slug}/quality`, { slug }, auth);
      expect(quality.status).toBe(200);
      contract.check("getQuality", 200, await quality.json());
    }

    // The ETag: the same answer is 304 without a body; another query is a different answer.
    const first = await call(rankingApi, "/api/v1/campaigns/pilot-2026/ranking", { slug: "pilot-2026" }, auth);
    const etag = first.headers.get("etag")!;
    // The check has teeth: a field the document does not name is a breach of contract.
    const firstBody = (await first.clone().json()) as Record<string, unknown>;
    expect(() => contract.check("getRanking", 200, { ...firstBody, internalId: "x" })).toThrow(/additional/);
    expect(() => contract.check("getRanking", 200, { ...firstBody, standing: { hash: "short" } })).toThrow();
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await call(rankingApi, "/api/v1/campaigns/pilot-2026/ranking", { slug: "pilot-2026" }, { ...auth, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    contract.check("getRanking", 304, null);
    const other = await call(rankingApi, "/api/v1/campaigns/pilot-2026/ranking?view=operability", { slug: "pilot-2026" }, { ...auth, "if-none-match": etag });
    expect(other.status).toBe(200);

    // Refusals are documented too, each saying what was wrong.
    const refusals: [string, { loader: (a: never) => unknown }, string, Record<string, string>, Record<string, string>, number, RegExp][] = [
      ["listCampaigns", campaignsApi, "/api/v1/campaigns", {}, {}, 401, /missing token/],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking", { slug: "pilot-2026" }, { authorization: "Bearer zp_revoked-or-made-up" }, 401, /invalid token/],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2031/ranking", { slug: "pilot-2031" }, auth, 404, /no campaign "pilot-2031"/],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking?limit=0", { slug: "pilot-2026" }, auth, 400, /^limit: /],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking?limit=5000", { slug: "pilot-2026" }, auth, 400, /^limit: .*1000/],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking?view=best", { slug: "pilot-2026" }, auth, 400, /^view: /],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking?colour=red", { slug: "pilot-2026" }, auth, 400, /colour/],
      ["getRanking", rankingApi, "/api/v1/campaigns/pilot-2026/ranking?cursor=bm90LWEtY3Vyc29y", { slug: "pilot-2026" }, auth, 400, /^cursor: not a cursor/],
      ["getQuality", qualityApi, "/api/v1/campaigns/pilot-2031/quality", { slug: "pilot-2031" }, auth, 404, /no campaign/],
    ];
    for (const [operationId, route, path, params, headers, status, message] of refusals) {
      const response = await call(route, path, params, headers);
      expect(response.status, path).toBe(status);
      const body = (await response.json()) as { error: string };
      expect(body.error, path).toMatch(message);
      contract.check(operationId, status, body);
    }
    // A cursor of one query is refused for another.
    const firstPage = (await (await call(rankingApi, "/api/v1/campaigns/pilot-2026/ranking?limit=2", { slug: "pilot-2026" }, auth)).json()) as { page: { nextCursor: string } };
    const mixed = await call(rankingApi, `/api/v1/campaigns/pilot-2026/ranking?limit=2&view=operability&cursor=${firstPage.page.nextCursor}`, { slug: "pilot-2026" }, auth);
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as { error: string }).error).toMatch(/different query/);
  }, 120_000);

  it("the human-readable page lists every endpoint of the document, each summary and status said in both languages", async () => {
    const page = (await docsPage.loader()) as Awaited<ReturnType<typeof docsPage.loader>>;
    expect(page.operations.map((o) => `${o.method} ${o.path}`)).toEqual(["GET /api/v1/campaigns", "GET /api/v1/campaigns/{slug}/ranking", "GET /api/v1/campaigns/{slug}/quality"]);
    for (const { op } of page.operations)
      for (const key of [`apiOp_${op.operationId}`, ...Object.keys(op.responses).map((s) => `apiStatus_${s}`)]) {
        expect(zh[key as keyof typeof zh], key).toMatch(/[\u4e00-\u9fff]/);
        expect(en[key as keyof typeof en], key).toBeTruthy();
      }
  });
});
