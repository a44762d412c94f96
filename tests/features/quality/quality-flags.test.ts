import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, campaign, indicatorValue, orgProfile, submission, user } from "../../../db/schema";
import { addFileEvidence } from "../../../app/features/evidence/index.server";
import { getStorage } from "../../../app/platform/storage.server";
import { DEMO_QUALITY_CASES } from "../../../db/seed/demo-data";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import type { QualityFlag } from "../../../app/features/quality";
import { campaignCohortStatistics } from "../../../app/features/quality/index.server";
import { cohortStatistics, MIN_COHORT } from "../../../indicators";
import * as submissionPage from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import * as qualityPage from "../../../app/routes/campaigns.$slug.quality";
import * as qualityApi from "../../../app/routes/api.v1.campaigns.$slug.quality";
import * as qualityExport from "../../../app/routes/campaigns.$slug.quality.export";
import * as tokensPage from "../../../app/routes/settings.api-tokens";
import { BASE, signIn, startAppWithActivity, useApp, type Client } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { pdfWithInfo } from "../../helpers/pdf-tools";

type Page = Awaited<ReturnType<typeof submissionPage.loader>>["page"];
type Overview = Awaited<ReturnType<typeof qualityPage.loader>>;
const city = (code: string) => ({ path: `/campaigns/pilot-2026/cities/${code}`, params: { slug: "pilot-2026", code } });
const load = async (client: Client, code: string) => ((await client.load(submissionPage, city(code).path, city(code).params)).body as { page: Page }).page;
const flagsOf = (page: Page) => page.quality!.flags as QualityFlag[];

describe.each(DRIVERS)("plausibility flags on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("the demo's planted cases are flagged with the figures behind them, for the assessor with the cohort's figures and the other city", async () => {
    const { outlier, ruleWarning, sharedFile, copiedFromLastYear } = DEMO_QUALITY_CASES;
    const huaxin = await signIn("assessor@huaxin.demo");
    const wuhan = flagsOf(await load(huaxin, outlier.city));
    const far = wuhan.find((f) => f.kind === "outlier" && f.indicators[0] === outlier.code)!;
    // Ten times the cohort: the modified z-score is far beyond 3.5, with the median and MAD to judge it by.
    expect(far.detail.value).toBe(outlier.value);
    expect(far.detail.modifiedZ).toBeGreaterThan(3.5);
    expect(far.detail.median).toBeLessThan(500);
    expect(far.note?.explanation).toBeTruthy();
    expect(far.status).toBe("explained");
    // 武汉 attached 杭州's report: huaxin assesses both, so it reads the other city's name.
    const shared = wuhan.find((f) => f.kind === "sharedEvidence")!;
    expect(shared.indicators).toEqual([sharedFile.code]);
    const hangzhouId = (await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, sharedFile.owner)))[0]!.organizationId;
    expect(shared.evidence?.otherCityOrgIds).toEqual([hangzhouId]);

    const rule = flagsOf(await load(await signIn("assessor@zhongcheng.demo"), ruleWarning.city)).find((f) => f.kind === "rule")!;
    expect(rule).toMatchObject({ rule: "exempt-vs-connected", severity: "warning", indicators: ["DS1.3", "DS1.1"], detail: { left: 78, right: 55 } });

    // A document that says it was made after the submission deadline it was meant for.
    const hefei = await orgOf("340100");
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [draft] = await database.db.select().from(submission).where(and(eq(submission.campaignId, pilot!.id), eq(submission.cityOrgId, hefei)));
    const [editorId] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "editor.340100@zhiping.demo"));
    const backdated = await pdfWithInfo({ CreationDate: new Date(pilot!.submissionDeadline.getTime() + 86_400_000) });
    await addFileEvidence(database.db, getStorage(), draft!, editorId!.id, { indicatorCode: "CE1.1", fileName: "补充说明.pdf", bytes: backdated });
    const dated = flagsOf(await load(await signIn("assessor@zhongcheng.demo"), "340100")).find((f) => f.kind === "documentDate")!;
    expect(dated).toMatchObject({ indicators: ["CE1.1"], evidence: { name: "补充说明.pdf", deadline: pilot!.submissionDeadline.toISOString() } });
    expect(flagsOf(await load(await signIn("editor.340100@zhiping.demo"), "340100")).some((f) => f.kind === "documentDate")).toBe(false);

    // 南昌 carried last year's satisfaction score over unchanged, on an indicator expected to move.
    const nanchang = flagsOf(await load(await signIn("editor.360100@zhiping.demo"), copiedFromLastYear.city));
    const copied = nanchang.find((f) => f.kind === "unchanged")!;
    expect(copied.indicators).toEqual([copiedFromLastYear.code]);
    expect(copied.detail.value).toBe(copied.detail.previous);
  });

  it("the city sees its own flags without the cohort's figures and never a shared file; the ministry's overview counts every city", async () => {
    const { outlier } = DEMO_QUALITY_CASES;
    const editor = await signIn(`editor.${outlier.city}@zhiping.demo`);
    const page = await load(editor, outlier.city);
    const own = flagsOf(page);
    const far = own.find((f) => f.kind === "outlier")!;
    expect(far.detail.modifiedZ).toBeGreaterThan(3.5);
    for (const hidden of ["median", "mad", "lowerFence", "upperFence"]) expect(far.detail).not.toHaveProperty(hidden);
    expect(own.some((f) => f.kind === "sharedEvidence" || f.kind === "lateEvidence" || f.kind === "evidenceMissing")).toBe(false);
    expect(page.quality!.cities).toEqual({});
    // Nothing on the page names the city whose file 武汉 attached, not even by its id.
    expect(JSON.stringify(page)).not.toContain(await orgOf(DEMO_QUALITY_CASES.sharedFile.owner));

    const ministry = await signIn("ministry.analyst@zhiping.demo");
    const overview = (await ministry.load(qualityPage, "/campaigns/pilot-2026/quality", { slug: "pilot-2026" })).body as Overview;
    const kinds = new Set(overview.byKind.map((k) => k.key));
    for (const kind of ["outlier", "rule", "unchanged", "sharedEvidence"]) expect(kinds).toContain(kind);
    expect(overview.totals.total).toBe(overview.byCity.reduce((n, c) => n + c.total, 0));
    const filtered = (await ministry.load(qualityPage, "/campaigns/pilot-2026/quality?kind=outlier&status=explained", { slug: "pilot-2026" })).body as Overview;
    expect(filtered.flags.length).toBeGreaterThan(0);
    expect(filtered.flags.every((f) => f.kind === "outlier" && f.status === "explained")).toBe(true);
    for (const email of ["editor.420100@zhiping.demo", "assessor@huaxin.demo"])
      expect((await (await signIn(email)).load(qualityPage, "/campaigns/pilot-2026/quality", { slug: "pilot-2026" })).status, email).toBe(403);
    // The export carries every flag, one row each, in the reader's language.
    const csv = await ministry.load(qualityExport, "/campaigns/pilot-2026/quality/export?format=csv", { slug: "pilot-2026" });
    const bytes = new Uint8Array(await csv.response!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = text.trim().split("\r\n");
    expect(rows[0]).toMatch(/^行政区划代码,城市,类型,级别,指标,说明,状态/);
    expect(rows.length - 1).toBe(overview.total);
    expect(text).toContain("420100,武汉市,同批次离群,警告,DS2.2,");
  });

  it("an error rule blocks submitting, a warning needs an explanation; nothing is changed silently and each note is in the audit trail", async () => {
    // 合肥 is still drafting: it fills in the rest with a rule broken both ways.
    const code = "340100";
    const editor = await signIn(`editor.${code}@zhiping.demo`);
    const approver = await signIn(`approver.${code}@zhiping.demo`);
    const { path, params } = city(code);
    let page = await load(editor, code);
    const base = (c: string) => String(page.values[c]?.version ?? 0);
    const shown = (c: string) => JSON.stringify({ value: page.values[c]?.value ?? null, narrative: page.values[c]?.narrative ?? "", dataSource: page.values[c]?.dataSource ?? "" });
    const fields: Record<string, string> = { intent: "save", version: String(page.submission.version) };
    const fill = (c: string, v: number) => Object.assign(fields, { [`v:${c}`]: String(v), [`o:${c}`]: shown(c), [`b:${c}`]: base(c), [`n:${c}`]: page.values[c]?.narrative ?? "", [`s:${c}`]: page.values[c]?.dataSource ?? "" });
    // No department connected, yet the catalogue is called: the error rule. And an exempt share far above it: a warning.
    for (const [c, v] of Object.entries({ "DS1.1": 0, "DS1.2": 40, "DS1.3": 60 })) fill(c, v);
    // Every value the city fills; citizens answer the survey-sourced ones.
    for (const ind of page.groups.flatMap((g) => g.indicators)) if (!(ind.kind === "quantitative" && ind.survey) && page.values[ind.code]?.value == null && !(`v:${ind.code}` in fields)) fill(ind.code, ind.kind === "rubric" ? 2 : ind.kind === "binary" ? 1 : (ind.expectedRange![0] + ind.expectedRange![1]) / 2);
    // The data-quality declaration travels with the value: an unknown origin is refused, saving nothing.
    const refusedDeclaration = await editor.act(submissionPage, path, { ...fields, "og:DS1.1": "guess", "qg:DS1.1": "measured" }, params);
    expect(refusedDeclaration).toMatchObject({ status: 400, body: { invalid: [{ code: "DS1.1", message: "数据来源类型“guess”无效，应为部门统计、业务系统、调查或估算" }] } });
    expect((await editor.act(submissionPage, path, { ...fields, "og:DS1.1": "system", "qg:DS1.1": "measured" }, params)).status).toBe(200);
    expect((await load(editor, code)).values["DS1.1"]).toMatchObject({ value: 0, origin: "system", qualityGrade: "measured" });
    await attachAll(code);
    page = await load(editor, code);
    const flags = flagsOf(page);
    const error = flags.find((f) => f.rule === "calls-need-connections")!;
    const warning = flags.find((f) => f.rule === "exempt-vs-connected")!;
    expect(error).toMatchObject({ severity: "error", detail: { left: 40, right: 0 } });
    expect(warning).toMatchObject({ severity: "warning", status: "open" });
    expect(page.gaps).toMatchObject({ blocking: true, ruleErrors: ["DS1.2", "DS1.1"] });
    expect(page.gaps.unexplained).toContain("DS1.3");

    const submit = () => approver.act(submissionPage, path, { intent: "submit", version: String(page.submission.version) }, params);
    const refused = await submit();
    expect(refused.status).toBe(409);
    expect((refused.body as { error: string }).error).toMatch(/校验规则错误须先改正（DS1\.2, DS1\.1）.*警告尚未说明理由（.*DS1\.3/);

    // An empty explanation is refused; an error cannot be explained away; a flag that no longer applies is named as such.
    const explain = (key: string, explanation: string) => editor.act(submissionPage, path, { intent: "explainFlag", version: String(page.submission.version), flag: key, explanation }, params);
    expect(await explain(warning.key, "  ")).toMatchObject({ status: 400, body: { error: "请填写说明理由。" } });
    expect(await explain(error.key, "我们认为没问题")).toMatchObject({ status: 400, body: { error: "该提示无须城市说明。" } });
    expect(await explain("rule:no-such-rule", "x")).toMatchObject({ status: 409 });
    // The assessor cannot explain for the city, nor the city resolve its own flags.
    expect((await (await signIn("assessor@huaxin.demo")).act(submissionPage, path, { intent: "explainFlag", version: String(page.submission.version), flag: warning.key, explanation: "x" }, params)).status).toBe(403);
    expect((await editor.act(submissionPage, path, { intent: "resolveFlag", version: String(page.submission.version), flag: warning.key, resolution: "explained", note: "x" }, params)).status).toBe(403);

    for (const key of flagsOf(page).filter((f) => f.severity === "warning").map((f) => f.key)) expect((await explain(key, "省级平台事项计入，口径说明已附。")).status).toBe(200);
    // Still refused: the error stands until the value is fixed. Explaining changed no value.
    expect((await submit()).status).toBe(409);
    const [sub] = await database.db.select().from(submission).innerJoin(campaign, eq(campaign.id, submission.campaignId)).where(and(eq(campaign.slug, "pilot-2026"), eq(submission.cityOrgId, (await orgOf(code)))));
    const ds12 = await database.db.select().from(indicatorValue).where(and(eq(indicatorValue.submissionId, sub!.submission.id), eq(indicatorValue.indicatorCode, "DS1.2")));
    expect(ds12[0]!.value).toBe(40);

    page = await load(editor, code);
    Object.keys(fields).forEach((k) => delete fields[k]);
    Object.assign(fields, { intent: "save", version: String(page.submission.version) });
    fill("DS1.1", 45);
    expect((await editor.act(submissionPage, path, fields, params)).status).toBe(200);
    page = await load(editor, code);
    expect(flagsOf(page).some((f) => f.severity === "error")).toBe(false);
    // The warning's explanation still holds for the same rule; anything new must be explained too.
    for (const key of flagsOf(page).filter((f) => f.severity === "warning" && !f.note?.explanation).map((f) => f.key)) await explain(key, "已核实。");
    expect((await submit()).status).toBe(200);

    const notes = await database.db.select().from(auditEvent).where(and(eq(auditEvent.entityId, sub!.submission.id), eq(auditEvent.action, "flag.explained")));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.some((n) => (n.after as { flag: string }).flag === warning.key)).toBe(true);
    expect(await verifyAuditChain(database.db, sub!.campaign.id)).toMatchObject({ ok: true });
  });

  it("the assessor resolves a flag once the review has started, with a note, in the audit trail; the queue puts open flags first", async () => {
    const { outlier } = DEMO_QUALITY_CASES;
    const assessor = await signIn("assessor@huaxin.demo");
    const { path, params } = city(outlier.city);
    const page = await load(assessor, outlier.city);
    const far = flagsOf(page).find((f) => f.kind === "outlier")!;
    const resolve = (resolution: string, note: string) => assessor.act(submissionPage, path, { intent: "resolveFlag", version: String(page.submission.version), flag: far.key, resolution, note }, params);
    expect(await resolve("ignored", "x")).toMatchObject({ status: 400 });
    expect(await resolve("explained", "")).toMatchObject({ status: 400, body: { error: "请填写处理意见。" } });
    expect((await resolve("explained", "全省平台统一调用，已核对接口日志。")).status).toBe(200);
    const after = flagsOf(await load(assessor, outlier.city)).find((f) => f.key === far.key)!;
    expect(after).toMatchObject({ status: "resolved", note: { resolution: "explained", resolutionNote: "全省平台统一调用，已核对接口日志。" } });
    const [entry] = await database.db.select().from(auditEvent).where(and(eq(auditEvent.action, "flag.resolved"), eq(auditEvent.reason, "全省平台统一调用，已核对接口日志。")));
    expect(entry!.after).toMatchObject({ flag: far.key, resolution: "explained", kind: "outlier" });

    const dashboard = await import("../../../app/routes/dashboard");
    const queue = ((await assessor.load(dashboard, "/dashboard")).body as { queue: { status: string; openFlags: number }[] }).queue;
    const inReview = queue.filter((q) => q.status === "in_review");
    expect(inReview.map((q) => q.openFlags)).toEqual([...inReview.map((q) => q.openFlags)].sort((a, b) => b - a));
    expect(inReview.some((q) => q.openFlags > 0)).toBe(true);
  });

  it("the cohort's figures a process keeps follow every value written or removed", async () => {
    const { db } = database;
    const code = DEMO_QUALITY_CASES.outlier.code;
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const fromTheValues = async () => {
      const rows = await db.select({ v: indicatorValue.value }).from(indicatorValue).innerJoin(submission, eq(submission.id, indicatorValue.submissionId)).where(and(eq(submission.campaignId, pilot!.id), eq(indicatorValue.indicatorCode, code)));
      return cohortStatistics(rows.flatMap((r) => (r.v === null ? [] : [r.v])), MIN_COHORT);
    };
    const kept = async () => (await campaignCohortStatistics(db, pilot!.id, [code]))[code];
    const before = await kept();
    expect(before).toEqual(await fromTheValues());
    expect(await kept()).toEqual(before);

    const [one, other] = await db.select().from(indicatorValue).innerJoin(submission, eq(submission.id, indicatorValue.submissionId)).where(and(eq(submission.campaignId, pilot!.id), eq(indicatorValue.indicatorCode, code))).orderBy(indicatorValue.value).limit(2);
    const [anyone] = await db.select({ id: user.id }).from(user).limit(1);
    // Changed, removed, written again: the kept figures are the values' each time.
    await db.update(indicatorValue).set({ value: 1e6 }).where(and(eq(indicatorValue.submissionId, one!.submission.id), eq(indicatorValue.indicatorCode, code)));
    const changed = await kept();
    expect(changed).not.toEqual(before);
    expect(changed).toEqual(await fromTheValues());
    await db.delete(indicatorValue).where(and(eq(indicatorValue.submissionId, other!.submission.id), eq(indicatorValue.indicatorCode, code)));
    expect((await kept())!.n).toBe(before!.n - 1);
    expect(await kept()).toEqual(await fromTheValues());
    await db.insert(indicatorValue).values({ ...other!.indicator_value, updatedBy: anyone!.id });
    await db.update(indicatorValue).set({ value: one!.indicator_value.value }).where(and(eq(indicatorValue.submissionId, one!.submission.id), eq(indicatorValue.indicatorCode, code)));
    expect(await kept()).toEqual(before);
  });

  it("the JSON API serves the campaign's flags to its ministry's token only", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const token = ((await admin.act(tokensPage, "/settings/api-tokens", { intent: "create", name: "quality" })).body as { token: string }).token;
    const call = async (t?: string) => {
      try {
        return (await qualityApi.loader({ request: new Request(`${BASE}/api/v1/campaigns/pilot-2026/quality`, { headers: t ? { authorization: `Bearer ${t}` } : {} }), params: { slug: "pilot-2026" }, context: {} })) as Response;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    expect((await call()).status).toBe(401);
    const ok = await call(token);
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { flags: { city: string; kind: string; message: { zh: string; en: string }; evidence: { otherCities: string[] } | null }[]; totals: { total: number } };
    const shared = json.flags.find((f) => f.kind === "sharedEvidence" && f.city === DEMO_QUALITY_CASES.sharedFile.copiedBy)!;
    expect(shared.evidence!.otherCities).toEqual([DEMO_QUALITY_CASES.sharedFile.owner]);
    expect(shared.message.zh).toContain("杭州市");
    expect(shared.message.en).toContain("Hangzhou");
    expect(json.totals.total).toBeGreaterThan(0);
  });

  async function orgOf(code: string) {
    return (await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, code)))[0]!.organizationId;
  }
  async function attachAll(code: string) {
    const { attachRequiredEvidence } = await import("../../helpers/submissions");
    await attachRequiredEvidence(database.db, "pilot-2026", code);
  }
});
