import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../../db/client";
import { auditEvent, campaign, indicatorValue, orgProfile, organization, submission, survey, surveyEstimate, surveyMargin, surveyResponse, user } from "../../../db/schema";
import * as publicPage from "../../../app/routes/s.$slug.$code";
import * as surveyPage from "../../../app/routes/campaigns.$slug.survey";
import * as responsesCsvRoute from "../../../app/routes/campaigns.$slug.survey.$code.responses[.]csv";
import * as responsesXlsxRoute from "../../../app/routes/campaigns.$slug.survey.$code.responses[.]xlsx";
import * as surveyApi from "../../../app/routes/api.v1.campaigns.$slug.survey";
import * as cityPage from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import { createApiToken } from "../../../app/features/access/index.server";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import { ADDRESS_LIMIT, closeDueSurveys, deviceToken, issueTicket, publicSurveyTarget } from "../../../app/features/survey/index.server";
import { DEMO_SURVEY } from "../../../db/seed/demo-data";
import { parseCsv } from "../../../indicators";
import { Client, signIn, startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const HEFEI = DEMO_SURVEY.open;
const path = (code: string) => `/s/pilot-2026/${code}`;
const params = (code: string) => ({ slug: "pilot-2026", code });
const GOOD = { "CE2.4:overall": "4", "CE2.4:ease": "5", "CE2.4:response": "3", "CE2.5:recommend": "9", "quota:age": "35-59", "quota:area": "urban" };

describe.each(DRIVERS)("the citizen survey on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  /** A phone opening the public link: it gets the device cookie and a form; `secondsAgo` back-dates the form's ticket. */
  async function device(code = HEFEI, secondsAgo = 30, ip?: string) {
    const phone = new Client();
    if (ip) Object.defineProperty(phone, "ip", { value: ip });
    const opened = await phone.load(publicPage, path(code), params(code));
    expect(opened.status).toBe(200);
    const token = (await deviceToken(new Request("http://x/s", { headers: phone.headers() })))!;
    const target = (await publicSurveyTarget(database.db, "pilot-2026", code))!;
    const ticket = issueTicket({ campaignId: target.campaign.id, cityOrgId: target.cityOrgId }, token, Date.now() - secondsAgo * 1000);
    return { phone, page: opened.body as { state: string; questions: { field: string }[] }, answer: (form: Record<string, string>) => phone.act(publicPage, path(code), { ticket, ...form }, params(code)) };
  }
  const responses = async () => database.db.select().from(surveyResponse).where(sql`${surveyResponse.cityOrgId} = (select organization_id from org_profile where division_code = ${HEFEI})`);

  it("a citizen answers once per device, anonymously; the rows hold no name, phone number or address", async () => {
    const before = new Set((await responses()).map((r) => r.id));
    const { page, answer } = await device();
    expect(page.state).toBe("form");
    expect(page.questions.map((q) => q.field)).toEqual(Object.keys(GOOD));
    expect(await answer(GOOD)).toMatchObject({ status: 303, body: `${path(HEFEI)}?thanks` });
    expect(await answer({ ...GOOD, "CE2.4:overall": "1" })).toMatchObject({ status: 409, body: { state: "answered" } });
    const added = (await responses()).filter((r) => !before.has(r.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ answers: { "CE2.4:overall": 4, "CE2.4:ease": 5, "CE2.4:response": 3, "CE2.5:recommend": 9 }, profile: { age: "35-59", area: "urban" }, rejection: null });
    expect(added[0]!.secondsTaken).toBeGreaterThanOrEqual(30);
    // What the table can hold: answers, quota choices, timing, a keyed device hash. Nothing that names a person or an address.
    const columns = rowsOf<{ column_name: string }>(await database.db.execute(sql`select column_name from information_schema.columns where table_name = 'survey_response' order by ordinal_position`)).map((c) => c.column_name);
    expect(columns).toEqual(["id", "campaign_id", "city_org_id", "device_hash", "answers", "profile", "seconds_taken", "rejection", "received_at"]);
  });

  it("abuse rules: a filled honeypot or a too-fast answer is kept but set aside; a missing answer is named and nothing stored; a cookie-less post is refused", async () => {
    const before = (await responses()).length;
    const bot = await device();
    expect(await bot.answer({ ...GOOD, website: "http://spam.example" })).toMatchObject({ status: 303 });
    const hasty = await device(HEFEI, 2);
    expect(await hasty.answer(GOOD)).toMatchObject({ status: 303 });
    const rows = await responses();
    expect(rows.slice(before).map((r) => r.rejection).sort()).toEqual(["honeypot", "too_fast"]);

    const careless = await device();
    const { "CE2.4:ease": _, ...missing } = GOOD;
    const refused = await careless.answer({ ...missing, "CE2.5:recommend": "11" });
    expect(refused.status).toBe(400);
    const body = refused.body as { problem: string; errors: Record<string, string>; answers: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual(["CE2.4:ease", "CE2.5:recommend"]);
    expect(body.errors["CE2.5:recommend"]).toBe("这个答案不在可选范围内，请重新选择。");
    expect(body.answers["CE2.4:overall"]).toBe("4"); // what was given is shown again
    const noCookie = new Client();
    expect((await noCookie.act(publicPage, path(HEFEI), GOOD, params(HEFEI))).status).toBe(400);
    expect(await responses()).toHaveLength(before + 2);
  });

  it(`limits one client address to ${ADDRESS_LIMIT.responses} answers per window`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= ADDRESS_LIMIT.responses; i++) statuses.push((await (await device(HEFEI, 30, "198.51.100.77")).answer(GOOD)).status);
    expect(statuses.slice(0, ADDRESS_LIMIT.responses).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Over the limit, nothing is stored, and an incomplete form learns only that it is over the limit.
    const stored = (await responses()).length;
    const { "CE2.4:ease": _, ...missing } = GOOD;
    expect((await (await device(HEFEI, 30, "198.51.100.77")).answer(missing)).status).toBe(429);
    expect(await responses()).toHaveLength(stored);
    expect((await (await device(HEFEI, 30, "198.51.100.78")).answer(GOOD)).status).toBe(303);
  });

  it("each reader sees the cities it may: the ministry all, an agency its own, a city itself; another city's raw responses are refused", async () => {
    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const all = (await ministry.load(surveyPage, "/campaigns/pilot-2026/survey", { slug: "pilot-2026" })).body as { overview: { cities: { code: string; estimates: { received: number; excluded: Record<string, number> } }[] } };
    expect(all.overview.cities).toHaveLength(12);
    expect(all.overview.cities.find((c) => c.code === "420100")!.estimates.excluded.repeated_pattern).toBeGreaterThan(30);
    // Each question's answers, among the responses that count: every counted response once per question.
    type Breakdown = { counted: number; indicators: { questions: { counts: { value: number | string; count: number }[]; unanswered: number }[] }[] };
    for (const c of all.overview.cities as unknown as { estimates: Breakdown }[])
      for (const q of c.estimates.indicators.flatMap((i) => i.questions)) expect(q.counts.reduce((n, a) => n + a.count, 0) + q.unanswered).toBe(c.estimates.counted);
    const hefei = (all.overview.cities as unknown as { code: string; estimates: Breakdown }[]).find((c) => c.code === "340100")!;
    expect(hefei.estimates.indicators[0]!.questions[0]!.counts.map((a) => a.value)).toEqual([1, 2, 3, 4, 5]);
    expect(hefei.estimates.indicators[0]!.questions[0]!.counts.some((a) => a.count > 0)).toBe(true);
    const city = await signIn("editor.330100@zhiping.demo");
    const own = (await city.load(surveyPage, "/campaigns/pilot-2026/survey", { slug: "pilot-2026" })).body as typeof all;
    expect(own.overview.cities.map((c) => c.code)).toEqual(["330100"]);
    expect((await city.load(responsesCsvRoute, "/campaigns/pilot-2026/survey/640100/responses.csv", params("640100"))).status).toBe(403);
    expect((await city.load(responsesXlsxRoute, "/campaigns/pilot-2026/survey/640100/responses.xlsx", params("640100"))).status).toBe(403);
    const agency = await signIn("lead@huaxin.demo");
    const assigned = (await agency.load(surveyPage, "/campaigns/pilot-2026/survey", { slug: "pilot-2026" })).body as typeof all;
    expect(assigned.overview.cities.length).toBeGreaterThan(0);
    expect(assigned.overview.cities.length).toBeLessThan(12);
    // Only the owning ministry's admin closes a survey.
    expect((await ministry.act(surveyPage, "/campaigns/pilot-2026/survey", { intent: "freeze" }, { slug: "pilot-2026" })).status).toBe(403);
  });

  it("the ministry imports population margins from a file: every problem by row, nothing saved; a clean file replaces its cities' margins and weights their estimates", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const upload = (text: string) => {
      const body = new FormData();
      body.set("file", new File([text], "margins.csv", { type: "text/csv" }));
      return admin.send(surveyPage, "/campaigns/pilot-2026/survey?intent=margins", body, { slug: "pilot-2026" });
    };
    const [hefei] = await database.db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, HEFEI));
    const marginsOf = async () => (await database.db.select().from(surveyMargin).where(eq(surveyMargin.cityOrgId, hefei!.id)))[0]?.margins;
    const before = await marginsOf();

    const bad = await upload(
      [
        "行政区划代码,配额,类别,占比",
        `${HEFEI},age,18-34,0.3`,
        `${HEFEI},age,35-59,0.3`,
        `${HEFEI},area,urban,0.7`,
        `${HEFEI},area,rural,0.2`,
        "999999,age,18-34,0.5",
        `${HEFEI},gender,m,0.5`,
        `${HEFEI},age,99+,0.5`,
        `${HEFEI},age,18-34,abc`,
        "330100,age,18-34,0.3",
      ].join("\n"),
    );
    expect(bad.status).toBe(400);
    expect((bad.body as { marginProblems: { row: number; column: string; message: string }[] }).marginProblems).toEqual([
      { row: 2, column: "类别", message: `${HEFEI} 的配额 age 缺少类别：60+。` },
      { row: 4, column: "占比", message: `${HEFEI} 的配额 area 各类别占比合计为 0.900，应为 1。` },
      { row: 6, column: "行政区划代码", message: "999999 不是本批次的参评城市。" },
      { row: 7, column: "配额", message: "配额“gender”不存在；本次调查的配额为：age, area。" },
      { row: 8, column: "类别", message: "类别“99+”不属于配额 age；可用的类别为：18-34, 35-59, 60+。" },
      { row: 9, column: "占比", message: "占比应为 0 到 1 之间的数（或百分数），实际为“abc”。" },
      // 杭州's results are in its submission already.
      { row: 10, column: "行政区划代码", message: "330100 的调查结果已写入填报，人口结构不能再更改。" },
    ]);
    expect(await marginsOf()).toEqual(before);

    // Labels instead of ids, percentages instead of fractions, English headers: all understood.
    const good = await upload(["Division code,Quota,Category,Share", `${HEFEI},您的年龄段,18–34 岁,30%`, `${HEFEI},age,35-59,45%`, `${HEFEI},age,60+,25%`, `${HEFEI},area,urban,0.6`, `${HEFEI},area,a town or village,0.4`].join("\n"));
    expect(good).toMatchObject({ status: 200, body: { done: "margins", cities: 1 } });
    expect(await marginsOf()).toEqual({ age: { "18-34": 0.3, "35-59": 0.45, "60+": 0.25 }, area: { urban: 0.6, rural: 0.4 } });
    const [entry] = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "survey.margins")).orderBy(desc(auditEvent.seq)).limit(1);
    expect(entry!.after).toMatchObject({ cities: 1, codes: [HEFEI] });
    const page = (await admin.load(surveyPage, "/campaigns/pilot-2026/survey", { slug: "pilot-2026" })).body as { overview: { cities: { code: string; estimates: { indicators: { estimate: { weighted: boolean } }[] } }[] } };
    expect(page.overview.cities.find((c) => c.code === HEFEI)!.estimates.indicators.every((i) => i.estimate.weighted)).toBe(true);
    // Only the owning ministry's admin imports margins.
    const analyst = await signIn("ministry.analyst@zhiping.demo");
    const body = new FormData();
    body.set("file", new File(["x"], "m.csv"));
    expect((await analyst.send(surveyPage, "/campaigns/pilot-2026/survey?intent=margins", body, { slug: "pilot-2026" })).status).toBe(403);
  });

  it("closing a city's survey enters its estimates into the submission as survey values the city cannot change; the hash is its raw responses'", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const [hefei] = await database.db.select({ id: organization.id }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(eq(orgProfile.divisionCode, HEFEI));
    expect(await admin.act(surveyPage, "/campaigns/pilot-2026/survey", { intent: "freeze", city: hefei!.id }, { slug: "pilot-2026" })).toMatchObject({ status: 200, body: { done: "frozen" } });
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [sub] = await database.db.select().from(submission).where(and(eq(submission.campaignId, pilot!.id), eq(submission.cityOrgId, hefei!.id)));
    const values = await database.db.select().from(indicatorValue).where(eq(indicatorValue.submissionId, sub!.id));
    const ce24 = values.find((v) => v.indicatorCode === "CE2.4")!;
    const [estimate] = await database.db.select().from(surveyEstimate).where(and(eq(surveyEstimate.cityOrgId, hefei!.id), eq(surveyEstimate.indicatorCode, "CE2.4")));
    expect(ce24).toMatchObject({ origin: "survey", qualityGrade: "measured", value: Math.round(estimate!.value! * 100) / 100 });
    expect(ce24.narrative).toContain(`有效样本 ${estimate!.n}`);
    // The raw responses file the page offers is the one the frozen estimate's hash names.
    const csv = await admin.load(responsesCsvRoute, `/campaigns/pilot-2026/survey/${HEFEI}/responses.csv`, params(HEFEI));
    const bytes = Buffer.from(await csv.response!.arrayBuffer());
    expect(createHash("sha256").update(bytes.subarray(3)).digest("hex")).toBe(estimate!.responsesSha256);
    // The XLSX beside it holds the same table, answers as numbers.
    const xlsx = await admin.load(responsesXlsxRoute, `/campaigns/pilot-2026/survey/${HEFEI}/responses.xlsx`, params(HEFEI));
    expect(xlsx.response!.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.response!.arrayBuffer());
    const sheetRows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    const csvRows = parseCsv(bytes.subarray(3).toString("utf8")).map((r) => r.fields);
    expect(sheetRows.map((r) => r.concat(Array(csvRows[0]!.length - r.length).fill("")))).toEqual(csvRows);
    expect(typeof workbook.worksheets[0]!.getRow(2).getCell(3).value).toBe("number");
    // The city cannot overwrite it; the public page says the survey is closed and takes no answer.
    const editor = await signIn(`editor.${HEFEI}@zhiping.demo`);
    const saved = await editor.act(cityPage, `/campaigns/pilot-2026/cities/${HEFEI}`, { intent: "save", version: String(sub!.version), "v:CE2.4": "99", "b:CE2.4": String(ce24.version), "o:CE2.4": JSON.stringify({ value: ce24.value, narrative: ce24.narrative, dataSource: ce24.dataSource }), "n:CE2.4": ce24.narrative }, params(HEFEI));
    expect(JSON.stringify(saved.body)).toContain("本指标由市民调查得出");
    expect((await database.db.select().from(indicatorValue).where(and(eq(indicatorValue.submissionId, sub!.id), eq(indicatorValue.indicatorCode, "CE2.4"))))[0]!.value).toBe(ce24.value);
    expect(((await new Client().load(publicPage, path(HEFEI), params(HEFEI))).body as { state: string }).state).toBe("closed");
    expect(await verifyAuditChain(database.db, pilot!.id)).toMatchObject({ ok: true });
    // Every city is closed now: a second close is refused and changes nothing.
    expect((await admin.act(surveyPage, "/campaigns/pilot-2026/survey", { intent: "freeze" }, { slug: "pilot-2026" })).status).toBe(409);
  });

  it("a survey past its end date closes by itself (the scheduled job), in the name of whoever set its dates", async () => {
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [hefei] = await database.db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, HEFEI));
    // Hefei's survey open again (as before the previous test closed it), with its end date just passed.
    await database.db.delete(surveyEstimate).where(and(eq(surveyEstimate.campaignId, pilot!.id), eq(surveyEstimate.cityOrgId, hefei!.id)));
    await database.db.update(survey).set({ frozenAt: null, closesAt: new Date(Date.now() - 60_000) }).where(eq(survey.campaignId, pilot!.id));
    expect(await closeDueSurveys(database.db)).toEqual([{ campaignId: pilot!.id, cities: 1 }]);
    expect(await closeDueSurveys(database.db)).toEqual([]);
    const [row] = await database.db.select().from(survey).where(eq(survey.campaignId, pilot!.id));
    expect(row!.frozenAt).not.toBeNull();
    const [last] = await database.db.select().from(auditEvent).where(and(eq(auditEvent.campaignId, pilot!.id), eq(auditEvent.action, "survey.frozen"))).orderBy(desc(auditEvent.seq)).limit(1);
    expect(last).toMatchObject({ actorUserId: row!.scheduledBy, after: { cities: 1, atEndDate: true } });
    expect(await verifyAuditChain(database.db, pilot!.id)).toMatchObject({ ok: true });
  });

  it("the API gives each city's estimates with intervals once results are published, and nothing before", async () => {
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [admin] = await database.db.select().from(user).where(eq(user.email, "ministry.admin@zhiping.demo"));
    const token = await createApiToken(database.db, pilot!.ministryOrgId, "survey test", admin!.id);
    const get = () => surveyApi.loader({ request: new Request("http://localhost/api/v1/campaigns/pilot-2026/survey", { headers: { authorization: `Bearer ${token}` } }), params: { slug: "pilot-2026" }, context: {} }).catch((r: Response) => r);
    await database.db.update(campaign).set({ resultsPublishedAt: null }).where(eq(campaign.id, pilot!.id));
    expect((await get()).status).toBe(404);
    await database.db.update(campaign).set({ resultsPublishedAt: new Date() }).where(eq(campaign.id, pilot!.id));
    const published = (await (await get()).json()) as { cities: { code: string; estimates: { code: string; value: number; lower: number; upper: number; n: number; belowMinimum: boolean; interval: string }[] }[] };
    expect(published.cities).toHaveLength(12);
    const yongchuan = published.cities.find((c) => c.code === DEMO_SURVEY.belowMinimum)!;
    expect(yongchuan.estimates.every((e) => e.belowMinimum)).toBe(true);
    for (const c of published.cities)
      for (const e of c.estimates) {
        expect(e.lower).toBeLessThanOrEqual(e.value);
        expect(e.upper).toBeGreaterThanOrEqual(e.value);
        expect(e.interval).toBe("t");
      }
  });
});
