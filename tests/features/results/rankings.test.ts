import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { campaign, organization, orgProfile, user } from "../../../db/schema";
import { DEMO_MINISTRY } from "../../../db/seed/demo-data";
import { withTenantScope } from "../../../app/features/access/index.server";
import { findSubmission, transition } from "../../../app/features/submissions/index.server";
import * as rankingPage from "../../../app/routes/campaigns.$slug.ranking._index";
import * as exportRoute from "../../../app/routes/campaigns.$slug.ranking.export";
import * as profilePage from "../../../app/routes/campaigns.$slug.cities.$code.profile";
import * as comparePage from "../../../app/routes/campaigns.$slug.compare";
import * as tokensPage from "../../../app/routes/settings.api-tokens";
import * as apiRanking from "../../../app/routes/api.v1.campaigns.$slug.ranking";
import * as apiCampaigns from "../../../app/routes/api.v1.campaigns";
import { campaignRanking, campaignStanding } from "../../../app/features/results/index.server";
import type { PageRow } from "../../../app/routes/campaigns.$slug.ranking._index";
import { BASE, Client, startAppWithActivity, signIn } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const slug = { slug: "pilot-2026" };
type RankingData = Omit<Awaited<ReturnType<typeof rankingPage.loader>>, "rowsJson"> & { rows: PageRow[] };
async function ranking(client: Client, search = "") {
  const loaded = await client.load(rankingPage, `/campaigns/pilot-2026/ranking${search}`, slug);
  if (loaded.status !== 200) return loaded;
  const { rowsJson, ...rest } = loaded.body as Awaited<ReturnType<typeof rankingPage.loader>>;
  return { ...loaded, body: { ...rest, rows: JSON.parse(rowsJson) as PageRow[] } };
}
const api = (path: string, token?: string) =>
  new Request(`${BASE}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
async function callApi(route: { loader: (a: never) => unknown }, path: string, params: Record<string, string>, token?: string) {
  try {
    return (await (route.loader as (a: unknown) => Promise<Response>)({ request: api(path, token), params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe.each(DRIVERS)("rankings, profiles, exports and the API on %s", (driver) => {
  let database: Database;
  beforeAll(async () => {
    // The run's shared copy of the demo after its activity.
    database = await startAppWithActivity(driver);
  });
  afterAll(() => database.close());

  it("ranks only signed-off cities, with the engine's scores; the others are pending; filters and sorting work", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const page = (await ranking(ministry)).body as RankingData;
    expect(page.full).toBe(true);
    expect(page.rows).toHaveLength(12);
    const ranked = page.rows.filter((r) => r.rank !== null);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(page.rows.slice(8).every((r) => r.rank === null && r.score === "—" && r.status !== "signed_off")).toBe(true);
    const [c] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const standing = (await campaignStanding(database.db, c!.id))!;
    expect(ranked.map((r) => r.score).sort()).toEqual(Array.from(standing.scored.scores.Index!, (v) => v.toFixed(1)).sort());

    const zhejiang = (await ranking(ministry, "?province=浙江省")).body as RankingData;
    expect(zhejiang.rows.map((r) => r.code).sort()).toEqual(["330100", "330483"]);
    const big = (await ranking(ministry, "?band=ge10m")).body as RankingData;
    expect(big.rows.map((r) => r.code)).toEqual(["330100", "420100", "430100"]); // signed off first, then pending
    const pending = (await ranking(ministry, "?status=pending")).body as RankingData;
    expect(pending.rows.map((r) => r.code).sort()).toEqual(["340100", "360100", "420100", "430100"]);
    const search = (await ranking(ministry, "?q=杭州")).body as RankingData;
    expect(search.rows.map((r) => r.code)).toEqual(["330100"]);
    const byDataSilos = (await ranking(ministry, "?view=data-silos&sort=score:asc&status=signed_off")).body as RankingData;
    const ds = byDataSilos.rows.map((r) => Number(r.score)); // the view's score: data sharing
    expect(ds).toEqual([...ds].sort((a, b) => a - b));
  });

  it("before publication a city sees only the distribution and its own profile; after it, the whole ranking", async () => {
    const city = await signIn("editor.330100@zhiping.demo");
    const before = (await ranking(city)).body as RankingData;
    expect(before.full).toBe(false);
    expect(before.rows).toEqual([]);
    expect(before.distribution.reduce((a, b) => a + b, 0)).toBe(8); // the signed-off cities, binned
    expect(before.myCityCode).toBe("330100");
    const profile = (code: string, client: Client) => client.load(profilePage, `/campaigns/pilot-2026/cities/${code}/profile`, { ...slug, code });
    expect((await profile("330100", city)).status).toBe(200);
    // Its own profile shows its scores, but no rank: a rank is a cohort result, unpublished yet.
    type ProfileData = Awaited<ReturnType<typeof profilePage.loader>>;
    const own = ((await profile("330100", city)).body as ProfileData).profile.scored!;
    expect(own.score).not.toBeNull();
    expect([own.rank, ...own.dimensions.map((d) => d.rank), ...own.concerns.map((c) => c.rank)].every((r) => r === null)).toBe(true);
    expect((await profile("640100", city)).status).toBe(403);
    expect((await city.load(exportRoute, "/campaigns/pilot-2026/ranking/export?format=csv", slug)).status).toBe(403);
    expect((await city.load(comparePage, "/campaigns/pilot-2026/compare?c=330100&c=640100", slug)).status).toBe(403);
    expect((await profile("330100", await signIn("assessor@zhongcheng.demo"))).status).toBe(200); // second assessor
    expect((await profile("370800", await signIn("assessor@zhongcheng.demo"))).status).toBe(403); // huaxin's city

    // Only the ministry's admin publishes.
    expect((await (await signIn("ministry.analyst@zhiping.demo")).act(rankingPage, "/campaigns/pilot-2026/ranking", { intent: "publish" }, slug)).status).toBe(403);
    expect((await city.act(rankingPage, "/campaigns/pilot-2026/ranking", { intent: "publish" }, slug)).status).toBe(403);
    const admin = await signIn("ministry.admin@zhiping.demo");
    expect((await admin.act(rankingPage, "/campaigns/pilot-2026/ranking", { intent: "publish" }, slug)).status).toBe(200);

    const after = (await ranking(city)).body as RankingData;
    expect(after.full).toBe(true);
    expect(after.rows).toHaveLength(12);
    expect((await profile("640100", city)).status).toBe(200);
    const published = ((await profile("330100", city)).body as ProfileData).profile.scored!;
    expect(published.rank).toBeGreaterThanOrEqual(1);
    expect(published.dimensions.every((d) => d.rank !== null)).toBe(true);
    expect((await profile("640100", await signIn("lead@zhongcheng.demo"))).status).toBe(200);
    expect((await profile("330100", await signIn("admin@zhiping.demo"))).status).toBe(403); // platform admin: no tenant data
    await admin.act(rankingPage, "/campaigns/pilot-2026/ranking", { intent: "unpublish" }, slug);
    expect(((await ranking(city)).body as RankingData).full).toBe(false);
  });

  it("a city profile shows the engine's scores with the cohort median and best", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const body = (await ministry.load(profilePage, "/campaigns/pilot-2026/cities/330100/profile", { ...slug, code: "330100" })).body as Awaited<ReturnType<typeof profilePage.loader>>;
    const page = (await ranking(ministry, "?q=330100")).body as RankingData;
    expect(body.profile.scored!.score!.toFixed(1)).toBe(page.rows[0]!.score);
    expect(body.profile.scored!.rank).toBe(page.rows[0]!.rank);
    for (const d of body.profile.scored!.dimensions) {
      expect(d.best).toBeGreaterThanOrEqual(d.score!);
      expect(d.median).not.toBeNull();
    }
    expect(body.profile.scored!.strengths).toHaveLength(5);
    const draft = (await ministry.load(profilePage, "/campaigns/pilot-2026/cities/340100/profile", { ...slug, code: "340100" })).body as typeof body;
    expect(draft.profile.scored).toBeNull();
    // Evidence coverage counts attached evidence and the assessor's verdicts, not filled values.
    const signedOff = body.profile.evidence;
    expect(signedOff.evidenced).toBe(signedOff.mandatory);
    expect(signedOff.sufficient).toBeGreaterThan(0);
    expect(signedOff.sufficient).toBeLessThan(signedOff.mandatory); // the demo's adjusted indicators have insufficient evidence
    expect(draft.profile.evidence.evidenced).toBeLessThan(draft.profile.evidence.mandatory);
    expect(draft.profile.evidence.sufficient).toBe(0);
  });

  it("exports hold exactly the filtered rows in the on-screen order, numbers as numbers", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const search = "?status=signed_off&sort=score:desc";
    const screen = ((await ranking(ministry, search)).body as RankingData).rows;
    const xlsx = await ministry.load(exportRoute, `/campaigns/pilot-2026/ranking/export${search}&format=xlsx`, slug);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.response!.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(screen.length + 1);
    const [c] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const engineScores = (await campaignStanding(database.db, c!.id))!.scored.scores.Index!;
    screen.forEach((row, i) => {
      const cells = sheet.getRow(i + 2).values as unknown[];
      expect(cells[2]).toBe(row.code);
      expect(engineScores).toContain(cells[9]); // the full value, as a number
      expect((cells[9] as number).toFixed(1)).toBe(row.score);
    });
    const csv = await ministry.load(exportRoute, `/campaigns/pilot-2026/ranking/export?province=浙江省&format=csv`, slug);
    const bytes = new Uint8Array(await csv.response!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, for Excel
    const text = new TextDecoder().decode(bytes);
    expect(text.trim().split("\r\n")).toHaveLength(3);
    expect((await ministry.load(exportRoute, "/campaigns/pilot-2026/ranking/export?format=pdf", slug)).status).toBe(400);
  });

  it("compare takes 2–6 known cities", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    type Compare = Awaited<ReturnType<typeof comparePage.loader>>;
    const three = (await ministry.load(comparePage, "/campaigns/pilot-2026/compare?c=330100&c=640100&c=370800", slug)).body as Compare;
    expect(three.cities.map((c) => c.code)).toEqual(["330100", "640100", "370800"]);
    expect(((await ministry.load(comparePage, "/campaigns/pilot-2026/compare?c=330100", slug)).body as Compare).error?.key).toBe("count");
    expect(((await ministry.load(comparePage, "/campaigns/pilot-2026/compare?c=330100&c=999999", slug)).body as Compare).error).toEqual({ key: "unknown", codes: ["999999"] });
  });

  it("the JSON API: only with a valid, unrevoked token of the owning ministry, only published rankings", async () => {
    const path = "/api/v1/campaigns/pilot-2026/ranking";
    expect((await callApi(apiRanking, path, slug)).status).toBe(401);
    expect((await callApi(apiRanking, path, slug, "zp_not-a-token")).status).toBe(401);
    expect((await (await signIn("ministry.analyst@zhiping.demo")).load(tokensPage, "/settings/api-tokens")).status).toBe(403);
    expect((await (await signIn("lead@huaxin.demo")).act(tokensPage, "/settings/api-tokens", { intent: "create", name: "x" })).status).toBe(403);

    const admin = await signIn("ministry.admin@zhiping.demo");
    const empty = await admin.act(tokensPage, "/settings/api-tokens", { intent: "create", name: " " });
    expect((empty.body as { errors: Record<string, string> }).errors.name).toBe("required");
    const created = await admin.act(tokensPage, "/settings/api-tokens", { intent: "create", name: "open data portal" });
    const token = (created.body as { token: string }).token;
    expect(token).toMatch(/^zp_/);

    const unpublished = await callApi(apiRanking, path, slug, token);
    expect(unpublished.status).toBe(404);
    expect(await unpublished.json()).toEqual({ error: 'campaign "pilot-2026" has no published ranking' });
    await admin.act(rankingPage, "/campaigns/pilot-2026/ranking", { intent: "publish" }, slug);
    const ok = await callApi(apiRanking, `${path}?province=浙江省`, slug, token);
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { cities: { code: string; score: number }[]; standing: { hash: string } };
    expect(json.cities.map((c) => c.code).sort()).toEqual(["330100", "330483"]);
    expect(json.standing.hash).toMatch(/^[0-9a-f]{64}$/);
    const list = (await (await callApi(apiCampaigns, "/api/v1/campaigns", {}, token)).json()) as { campaigns: { slug: string }[] };
    // Last year's round is published too.
    expect(list.campaigns.map((c) => c.slug).sort()).toEqual(["pilot-2025", "pilot-2026"]);
    expect((await callApi(apiRanking, "/api/v1/campaigns/nope/ranking", { slug: "nope" }, token)).status).toBe(404);

    const tokens = (await admin.load(tokensPage, "/settings/api-tokens")).body as Awaited<ReturnType<typeof tokensPage.loader>>;
    expect(tokens.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect((await admin.act(tokensPage, "/settings/api-tokens", { intent: "revoke", id: tokens.tokens[0]!.id })).status).toBe(200);
    const revoked = await callApi(apiRanking, path, slug, token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: "token revoked" });
  });

  it("keeps a ranking while its cohort stands still, and rebuilds it the moment a submission moves", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const [c] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [member] = await database.db.select({ orgId: orgProfile.organizationId }).from(orgProfile).innerJoin(organization, eq(organization.id, orgProfile.organizationId)).where(eq(organization.slug, DEMO_MINISTRY.slug));
    const actor = { userId: "reader", platformAdmin: false, memberOrgIds: [member!.orgId], membership: { orgId: member!.orgId, kind: "ministry" as const, role: "ministry_analyst" as const } };
    const first = await withTenantScope(actor, (db) => campaignRanking(db, c!.id));
    expect(await withTenantScope(actor, (db) => campaignRanking(db, c!.id))).toBe(first);

    const before = ((await ranking(ministry)).body as RankingData).rows;
    const moving = before.find((r) => r.status === "in_review")!;
    const [city] = await database.db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, moving.code));
    const sub = (await findSubmission(database.db, c!.id, city!.id))!;
    const [lead] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "lead@huaxin.demo"));
    await transition(database.db, sub, "returnForCorrection", lead!.id, "请补充证据");

    const after = ((await ranking(ministry)).body as RankingData).rows;
    expect(after.find((r) => r.code === moving.code)!.status).toBe("returned");
    expect(after.filter((r) => r.code !== moving.code)).toEqual(before.filter((r) => r.code !== moving.code));
    expect(await withTenantScope(actor, (db) => campaignRanking(db, c!.id))).not.toBe(first);
    // Someone who may not see the campaign gets no kept ranking: the fingerprint is null for them.
    const outsider = { userId: "x", platformAdmin: false, memberOrgIds: ["no-such-org"], membership: { orgId: "no-such-org", kind: "ministry" as const, role: "ministry_admin" as const } };
    expect((await withTenantScope(outsider, (db) => campaignRanking(db, c!.id))).rows).toEqual([]);
  });
});
