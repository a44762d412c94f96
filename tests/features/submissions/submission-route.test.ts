import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, campaign, evidence, evidenceVerdict, reviewValue, submission } from "../../../db/schema";
import * as campaignRoute from "../../../app/routes/campaigns.$slug._index";
import * as page from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import { signIn, startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { completeSubmission } from "../../helpers/submissions";
import { frameworkIndicators, getFramework } from "../../../indicators";

const path = (code: string) => `/campaigns/pilot-2026/cities/${code}`;
const params = (code: string) => ({ slug: "pilot-2026", code });
type PageData = Awaited<ReturnType<typeof page.loader>>;

describe.each(DRIVERS)("submission pages on %s", (driver) => {
  const database = useApp(driver);

  it("each role reads only the cities it is responsible for", async () => {
    const expectations: [string, string, number][] = [
      ["editor.330100@zhiping.demo", "330100", 200],
      ["editor.330100@zhiping.demo", "640100", 403],
      ["assessor@huaxin.demo", "330100", 200], // huaxin assesses Hangzhou
      ["assessor@huaxin.demo", "370800", 200],
      ["assessor@zhongcheng.demo", "370800", 403], // not zhongcheng's
      ["assessor@zhongcheng.demo", "330100", 200], // zhongcheng is Hangzhou's second assessor
      ["ministry.analyst@zhiping.demo", "340100", 200],
      ["admin@zhiping.demo", "330100", 403],
    ];
    for (const [email, code, status] of expectations) {
      const client = await signIn(email);
      expect((await client.load(page, path(code), params(code))).status, `${email} → ${code}`).toBe(status);
    }
    expect((await (await signIn("editor.330100@zhiping.demo")).load(page, path("999999"), params("999999"))).status).toBe(404);
    // Reading changes nothing: no submission exists until someone saves.
    expect(await database.db.select().from(submission)).toHaveLength(0);
  });

  it("actions check the same rules: only the city edits, only its approver submits, a ministry changes nothing", async () => {
    const form = (intent: string, version = 0) => ({ intent, version: String(version), "v:CE1.1": "55", "n:CE1.1": "测试", "b:CE1.1": "0" });
    expect((await (await signIn("editor.640100@zhiping.demo")).act(page, path("330100"), form("save"), params("330100"))).status).toBe(403);
    expect((await (await signIn("ministry.admin@zhiping.demo")).act(page, path("330100"), form("save"), params("330100"))).status).toBe(403);
    expect((await (await signIn("assessor@huaxin.demo")).act(page, path("330100"), form("save"), params("330100"))).status).toBe(403);
    expect((await (await signIn("editor.330100@zhiping.demo")).act(page, path("330100"), form("submit"), params("330100"))).status).toBe(403);
    expect((await (await signIn("assessor@huaxin.demo")).act(page, path("330100"), form("signOff"), params("330100"))).status).toBe(403);

    const editor = await signIn("editor.330100@zhiping.demo");
    expect(await editor.act(page, path("330100"), form("save"), params("330100"))).toMatchObject({ status: 200, body: { saved: 1 } });
    const view = (await editor.load(page, path("330100"), params("330100"))).body as PageData;
    expect(view.page.values["CE1.1"]).toMatchObject({ value: 55, narrative: "测试", version: 1 });
    expect(view.page.progress).toEqual({ filled: 1, total: 34, missing: view.page.groups.flatMap((g) => g.indicators).filter((i) => i.evidence.some((e) => e.mandatory)).length });
    expect(view.page.can).toEqual({ save: true, submit: false, resubmit: false, withdraw: false, startReview: false, review: false, returnForCorrection: false, signOff: false, reconcile: false, notifyReady: true, explainFlag: true, resolveFlag: false });
  });

  it("a stale form gets a conflict naming both values; a bad value names the indicator", async () => {
    const other = await signIn("approver.330100@zhiping.demo");
    const stale = await other.act(page, path("330100"), { intent: "save", version: "0", "v:CE1.1": "70", "b:CE1.1": "0", "o:CE1.1": JSON.stringify({ value: null, narrative: "", dataSource: "" }), "n:CE1.1": "" }, params("330100"));
    expect(stale).toMatchObject({ status: 409, body: { conflicts: [{ code: "CE1.1", yours: { value: 70 }, theirs: { value: 55, by: "杭州市填报员" } }] } });
    const bad = await other.act(page, path("330100"), { intent: "save", version: "0", "v:CE1.2": "many", "b:CE1.2": "0" }, params("330100"));
    expect(bad).toMatchObject({ status: 400, body: { invalid: [{ code: "CE1.2", message: "应为数字，实际为“many”" }] } });
  });

  it("refuses illegal transitions with a clear message", async () => {
    const lead = await signIn("lead@huaxin.demo");
    const result = await lead.act(page, path("330100"), { intent: "startReview", version: "0" }, params("330100"));
    expect(result).toMatchObject({ status: 409, body: { error: "当前状态为“草稿”，不能执行“开始评审”；仅在以下状态可以执行：已提交、已重新提交。" } });
    const approver = await signIn("approver.330100@zhiping.demo");
    // A draft short of the framework's completeness rule is refused, naming what is missing, and stays a draft.
    const early = await approver.act(page, path("330100"), { intent: "submit", version: "0" }, params("330100"));
    expect(early).toMatchObject({ status: 409, body: { error: expect.stringMatching(/^尚不能提交：已填 1 \/ 34 项指标，本框架要求至少 34 项（未填：CE1\.2, .*）；\d+ 项指标缺少必需证据（CE1\.1, .*）。$/) } });
    await completeSubmission(database.db, "pilot-2026", "330100");
    expect(await approver.act(page, path("330100"), { intent: "submit", version: "0" }, params("330100"))).toMatchObject({ status: 200, body: { done: "submit" } });
    expect(await approver.act(page, path("330100"), { intent: "submit", version: "0" }, params("330100"))).toMatchObject({ status: 409, body: { error: "提交在您打开页面后已被他人更改，请刷新后重试。" } });
    expect(await approver.act(page, path("330100"), { intent: "submit", version: "1" }, params("330100"))).toMatchObject({ status: 409, body: { error: "当前状态为“已提交”，不能执行“提交评估”；仅在以下状态可以执行：草稿。" } });
  });

  it("only the city's approver withdraws it from the campaign, with a reason; a withdrawn submission changes no more", async () => {
    const code = "500118";
    for (const email of [`editor.${code}@zhiping.demo`, "lead@zhongcheng.demo", "ministry.admin@zhiping.demo", "approver.330100@zhiping.demo"])
      expect((await (await signIn(email)).act(page, path(code), { intent: "withdraw", version: "0", withdrawReason: "试点终止" }, params(code))).status, email).toBe(403);
    const approver = await signIn(`approver.${code}@zhiping.demo`);
    expect(await approver.act(page, path(code), { intent: "withdraw", version: "0", withdrawReason: "  " }, params(code))).toMatchObject({ status: 400, body: { error: "撤回参评须说明理由。" } });
    expect(await approver.act(page, path(code), { intent: "withdraw", version: "0", withdrawReason: "终".repeat(501) }, params(code))).toMatchObject({ status: 400, body: { error: "撤回理由不能超过 500 个字。" } });
    expect(await approver.act(page, path(code), { intent: "withdraw", version: "0", withdrawReason: "试点项目已于年中终止" }, params(code))).toMatchObject({ status: 200 });
    const loaded = (await approver.load(page, path(code), params(code))).body as PageData;
    expect(loaded.page.submission.status).toBe("withdrawn");
    const [event] = await database.db.select().from(auditEvent).where(and(eq(auditEvent.entityId, loaded.page.submission.id!), eq(auditEvent.action, "status.withdrawn")));
    expect(event).toMatchObject({ reason: "试点项目已于年中终止", before: { status: "draft" }, after: { status: "withdrawn" } });
    const editor = await signIn(`editor.${code}@zhiping.demo`);
    expect(await editor.act(page, path(code), { intent: "save", version: String(loaded.page.submission.version), "v:CE1.1": "50", "b:CE1.1": "0" }, params(code))).toMatchObject({ status: 409, body: { error: "当前状态为“已撤回”，只有草稿或退回修改的提交才能更改。" } });
    expect(await approver.act(page, path(code), { intent: "submit", version: String(loaded.page.submission.version) }, params(code))).toMatchObject({ status: 409, body: { error: expect.stringContaining("当前状态为“已撤回”，不能执行“提交评估”") } });
  });
});

// The run's shared copy of the demo after its seeded activity (db/seed/activity.ts), as `npm start` leaves it.
describe.each(DRIVERS)("the demo's activity on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("the demo activity leaves pilot-2026 in use: most signed off, some in review, one returned, one draft", async () => {
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const statuses = (await database.db.select().from(submission).where(eq(submission.campaignId, pilot!.id))).map((s) => s.status).sort();
    expect(statuses).toEqual(["draft", "in_review", "in_review", "returned", ...Array(8).fill("signed_off")]);
    expect(await verifyAuditChain(database.db, pilot!.id)).toMatchObject({ ok: true });
    const cohort = ((await (await signIn("ministry.analyst@zhiping.demo")).load(campaignRoute, "/campaigns/pilot-2026", { slug: "pilot-2026" })).body as { cohort: { divisionCode: string; score: number | null; status: string }[] }).cohort;
    expect(cohort.filter((c) => c.score !== null)).toHaveLength(8);
    expect(cohort.find((c) => c.divisionCode === "360100")).toMatchObject({ status: "returned", score: null });
    const nanchang = (await (await signIn("editor.360100@zhiping.demo")).load(page, path("360100"), params("360100"))).body as PageData;
    expect(nanchang.page.reviews["CE2.1"]).toMatchObject({ decision: "returned", reason: expect.stringContaining("抽样设计") });
    expect(nanchang.page.can.save).toBe(true);
    // The city's list of what to fix: the returned indicator with its reason, the evidence judged insufficient with its comment, nothing else.
    expect(nanchang.page.toFix).toEqual([
      { code: "CE2.1", name: expect.objectContaining({ zh: expect.any(String) }), reason: nanchang.page.reviews["CE2.1"]!.reason, evidence: [], fixed: false },
      { code: "DS1.1", name: expect.any(Object), reason: null, evidence: [{ name: expect.stringContaining("360100"), comment: expect.stringContaining("调用日志") }], fixed: false },
    ]);
    const signedOff = (await (await signIn("editor.330100@zhiping.demo")).load(page, path("330100"), params("330100"))).body as PageData;
    expect(signedOff.page.toFix).toEqual([]);

    // An assessor sees how far its own review has got; the city does not.
    const wuhan = (await (await signIn("assessor@huaxin.demo")).load(page, path("420100"), params("420100"))).body as PageData;
    const [wuhanSub] = await database.db.select().from(submission).where(eq(submission.id, wuhan.page.submission.id!));
    const reviewed = await database.db.select().from(reviewValue).where(eq(reviewValue.submissionId, wuhanSub!.id));
    const judged = await database.db.select().from(evidenceVerdict).innerJoin(evidence, eq(evidence.id, evidenceVerdict.evidenceId)).where(eq(evidence.submissionId, wuhanSub!.id));
    expect(wuhan.page.reviewProgress).toEqual({
      decided: reviewed.filter((r) => r.decision !== "returned").length,
      returned: reviewed.filter((r) => r.decision === "returned").length,
      // The assessor reviews every indicator, the citizen-survey ones too.
      total: frameworkIndicators(getFramework(pilot!.frameworkRef)).length,
      judged: judged.length,
      evidence: wuhan.page.evidence.length,
    });
    expect(wuhan.page.reviewProgress!.decided).toBeLessThan(wuhan.page.reviewProgress!.total);
    expect(nanchang.page.reviewProgress).toBeNull();

    // Changsha is in its second round: its assessor reads what the city corrected since the return.
    const changsha = (await (await signIn("lead@zhongcheng.demo")).load(page, path("430100"), params("430100"))).body as PageData;
    expect(changsha.page.submission).toMatchObject({ status: "in_review", round: 2 });
    expect(changsha.page.sinceReturn).toMatchObject({ round: 2, changes: [{ code: "DS1.2", evidenceAdded: [expect.stringContaining("调用日志")], evidenceRemoved: [] }] });
    const corrected = changsha.page.sinceReturn!.changes[0]!.value!;
    expect(corrected.after.value).toBe(changsha.page.values["DS1.2"]!.value);
    expect(corrected.before.value).not.toBe(corrected.after.value);
    expect(wuhan.page.sinceReturn).toBeNull();
  });
});
