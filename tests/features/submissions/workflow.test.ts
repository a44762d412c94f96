import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { campaign, indicatorValue, organization, orgProfile, result, submission, user } from "../../../db/schema";
import { seedDemo } from "../../../db/seed/tenants";
import { getFramework } from "../../../indicators/frameworks/index";
import { isSurveySourced } from "../../../indicators/framework/schema";
import { DEMO_CAMPAIGN } from "../../../db/seed/demo-data";
import { frameworkIndicators, toEngineInputs, toScoringModel } from "../../../indicators/framework/model";
import { scoreUnits } from "../../../indicators/engine/score";
import { auditSince, verifyAuditChain } from "../../../app/features/audit/index.server";
import { getOrCreateSubmission, saveValues, transition, type SubmissionRow } from "../../../app/features/submissions/index.server";
import { IllegalTransitionError, nextStatus } from "../../../app/features/submissions";
import { addLinkEvidence, removeEvidence } from "../../../app/features/evidence/index.server";
import { changesSinceReturn } from "../../../app/features/submissions/index.server";
import { problemText, type IndicatorProblem } from "../../../app/features/i18n";
import { createTestDatabase, DRIVERS } from "../../helpers/database";
import { reviewIndicators, signOff } from "../../../app/features/review/index.server";
import { frozenCohort } from "../../../app/features/results/index.server";
import { attachRequiredEvidence, judgeAllEvidence } from "../../helpers/submissions";
import { campaignQuality, explainFlag, submitBlockers } from "../../../app/features/quality/index.server";

const framework = getFramework(DEMO_CAMPAIGN.frameworkRef);
/** What the city fills; the assessor also reviews the survey-sourced ones citizens answer. */
const indicators = frameworkIndicators(framework).filter((i) => !isSurveySourced(i));
const reviewed = frameworkIndicators(framework);
/** A plausible value for every indicator, varied by a seed. */
const valueFor = (code: string, k: number) => {
  const ind = indicators.find((i) => i.code === code)!;
  if (ind.kind === "rubric") return (k % 4) + 1;
  if (ind.kind === "binary") return k % 2;
  const [lo, hi] = ind.expectedRange ?? [0, 100];
  return lo + ((hi - lo) * ((k * 37) % 100)) / 100;
};

describe("submission state machine", () => {
  it("allows the workflow's transitions and refuses the rest with both states named", () => {
    expect(nextStatus("submit", "draft")).toBe("submitted");
    expect(nextStatus("returnForCorrection", "in_review")).toBe("returned");
    expect(nextStatus("resubmit", "returned")).toBe("resubmitted");
    expect(nextStatus("signOff", "in_review")).toBe("signed_off");
    expect(() => nextStatus("signOff", "draft")).toThrow(IllegalTransitionError);
    expect(() => nextStatus("signOff", "draft")).toThrow("Cannot Sign off while the submission is Draft; only when it is: In review.");
    expect(() => nextStatus("withdraw", "signed_off")).toThrow("Cannot Withdraw while the submission is Signed off; only when it is: Draft, Submitted, Returned.");
    const refusal = (() => {
      try {
        nextStatus("submit", "signed_off");
      } catch (e) {
        return e as IllegalTransitionError;
      }
    })();
    expect(problemText("zh-CN", refusal!.problem)).toBe("当前状态为“已签发”，不能执行“提交评估”；仅在以下状态可以执行：草稿。");
  });
});

describe.each(DRIVERS)("assessment workflow on %s", (driver) => {
  let database: Database;
  let db: Database["db"];
  const ids: Record<string, string> = {};
  const cityOrg = async (code: string) => (await db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, code)))[0]!.id;
  const userId = async (email: string) => (await db.select({ id: user.id }).from(user).where(eq(user.email, email)))[0]!.id;
  const fresh = async (sub: SubmissionRow) => (await db.select().from(submission).where(eq(submission.id, sub.id)))[0]!;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    db = database.db;
    await seedDemo(db);
    ids.campaign = (await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026")))[0]!.id;
    ids.huaxin = (await db.select().from(organization).where(eq(organization.slug, "huaxin-eval")))[0]!.id;
    for (const email of ["editor.330100@zhiping.demo", "editor.640100@zhiping.demo", "approver.330100@zhiping.demo", "assessor@huaxin.demo", "lead@huaxin.demo"]) ids[email] = await userId(email);
  });
  afterAll(() => database.close());

  it("runs the whole journey: fill, submit, return one indicator, fix, resubmit, review, sign off", async () => {
    const hz = await cityOrg("330100");
    let sub = await getOrCreateSubmission(db, ids.campaign!, hz);
    const editor = ids["editor.330100@zhiping.demo"]!;
    const all = indicators.map((i, k) => ({ code: i.code, value: valueFor(i.code, k), narrative: `说明 ${i.code}`, baseVersion: 0 }));
    const saved = await saveValues(db, sub, editor, all);
    expect(saved).toMatchObject({ ok: true });
    expect((saved as { saved: string[] }).saved).toHaveLength(indicators.length);

    // Every value is there, but not the evidence the framework requires: submitting is refused, changing nothing.
    await expect(transition(db, await fresh(sub), "submit", ids["approver.330100@zhiping.demo"]!)).rejects.toThrow(/Cannot submit yet: \d+ indicators lack mandatory evidence \(CE1\.1, /);
    expect((await fresh(sub)).status).toBe("draft");
    await attachRequiredEvidence(db, "pilot-2026", "330100");
    // The framework's cross-checks find two values that contradict others: a warning needs the city's explanation first.
    await expect(transition(db, await fresh(sub), "submit", ids["approver.330100@zhiping.demo"]!)).rejects.toThrow(/Cannot submit yet: 2 warnings have no explanation yet \(DS1\.3, DS1\.1, OC1\.2, OC1\.1\)/);
    const { flags } = await campaignQuality(db, ids.campaign!, { cityOrgIds: [hz], evidenceChecks: false });
    for (const flag of submitBlockers(flags).unexplained) await explainFlag(db, sub, editor, flag.key, "口径不同，已附说明");
    sub = await transition(db, await fresh(sub), "submit", ids["approver.330100@zhiping.demo"]!);
    expect(sub).toMatchObject({ status: "submitted", round: 1 });
    expect(await saveValues(db, sub, editor, [{ code: "CE1.1", value: 1, baseVersion: 1 }])).toMatchObject({ ok: false, kind: "locked", status: "submitted", deadline: null });

    sub = await transition(db, sub, "startReview", ids["assessor@huaxin.demo"]!);
    const assessor = ids["assessor@huaxin.demo"]!;
    expect(await reviewIndicators(db, sub, ids.huaxin!, assessor, [{ code: "CE1.1", decision: "returned", reason: "" }])).toMatchObject({ ok: false, errors: [{ code: "CE1.1", message: "say what the city must correct" }] });
    expect(await reviewIndicators(db, sub, ids.huaxin!, assessor, [{ code: "CE1.2", decision: "adjusted", value: 12 }])).toMatchObject({ ok: false, errors: [{ code: "CE1.2", message: "an adjustment needs a reason" }] });
    expect(await reviewIndicators(db, sub, ids.huaxin!, assessor, [{ code: "CE1.1", decision: "returned", reason: "征求意见记录缺少回应材料" }])).toEqual({ ok: true });
    const returnedAt = (await auditSince(db, ids.campaign!, "submission", sub.id)).at(-1)!.seq;
    sub = await transition(db, sub, "returnForCorrection", assessor, "CE1.1 需补充");
    expect(sub.status).toBe("returned");

    const [ce11] = await db.select().from(indicatorValue).where(eq(indicatorValue.indicatorCode, "CE1.1"));
    expect(await saveValues(db, sub, editor, [{ code: "CE1.1", value: 64, narrative: "补充了回应材料", baseVersion: ce11!.version }])).toMatchObject({ ok: true, saved: ["CE1.1"] });
    // Noise the diff must see through: a value changed and changed back, a link added and removed again, and one link that stays.
    const [ce12] = await db.select().from(indicatorValue).where(eq(indicatorValue.indicatorCode, "CE1.2"));
    await saveValues(db, sub, editor, [{ code: "CE1.2", value: 1, narrative: ce12!.narrative, baseVersion: ce12!.version }]);
    await saveValues(db, sub, editor, [{ code: "CE1.2", value: ce12!.value, narrative: ce12!.narrative, baseVersion: ce12!.version + 1 }]);
    const temporary = await addLinkEvidence(db, await fresh(sub), editor, { indicatorCode: "CE1.3", url: "https://example.org/draft", title: "草稿链接" });
    await removeEvidence(db, await fresh(sub), editor, temporary.id);
    await addLinkEvidence(db, await fresh(sub), editor, { indicatorCode: "CE1.1", url: "https://example.org/replies", title: "意见回应清单" });
    sub = await transition(db, await fresh(sub), "resubmit", ids["approver.330100@zhiping.demo"]!);
    expect(sub).toMatchObject({ status: "resubmitted", round: 2 });

    // The assessor's diff since the return: the corrected indicator only, with its new link; a returned indicator nobody touched is named.
    const diff = await changesSinceReturn(db, ids.campaign!, sub.id, sub.round, indicators.map((i) => i.code), ["CE1.1", "CE2.1"]);
    expect(diff).toMatchObject({ round: 2, reason: "CE1.1 需补充", untouched: ["CE2.1"] });
    expect(diff!.changes).toEqual([
      {
        code: "CE1.1",
        value: { before: expect.objectContaining({ value: valueFor("CE1.1", 0) }), after: expect.objectContaining({ value: 64, narrative: "补充了回应材料" }) },
        evidenceAdded: ["意见回应清单"],
        evidenceRemoved: [],
        by: [expect.any(String)],
        at: expect.any(String),
      },
    ]);

    // The audit trail keeps every save since the return, the change-and-change-back included.
    const changes = (await auditSince(db, ids.campaign!, "submission", sub.id, returnedAt)).filter((e) => e.action === "value.saved");
    expect(changes.map((e) => (e.after as { code: string }).code)).toEqual(["CE1.1", "CE1.2", "CE1.2"]);
    expect(changes[0]!.before).toMatchObject({ value: valueFor("CE1.1", 0) });
    expect(changes[0]!.after).toMatchObject({ value: 64 });

    sub = await transition(db, sub, "startReview", assessor);
    await expect(signOff(db, sub, ids.huaxin!, ids["lead@huaxin.demo"]!)).rejects.toThrow(/Not yet reviewed.*CE1\.1/);
    expect(await reviewIndicators(db, sub, ids.huaxin!, assessor, reviewed.map((i) => (i.code === "CE1.2" ? { code: i.code, decision: "adjusted" as const, value: 20, reason: "后台数据显示月活为 20%" } : { code: i.code, decision: "accepted" as const })))).toEqual({ ok: true });
    // Every indicator is decided, but nobody has looked at the evidence: no result on unjudged evidence.
    await expect(signOff(db, await fresh(sub), ids.huaxin!, ids["lead@huaxin.demo"]!)).rejects.toThrow(/Cannot sign off yet: \d+ evidence items not yet judged \(CE1\.1, /);
    await judgeAllEvidence(db, await fresh(sub), ids.huaxin!);
    const frozen = await signOff(db, await fresh(sub), ids.huaxin!, ids["lead@huaxin.demo"]!);
    expect(frozen.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await fresh(sub)).status).toBe("signed_off");

    // Reproducible: the stored inputs give the same numbers and the same hash.
    const [row] = await db.select().from(result).where(eq(result.submissionId, sub.id));
    expect(row!.inputs.units).toHaveLength(1);
    expect(row!.inputs.units[0]!.values["CE1.2"]).toBe(20);
    expect(row!.inputs.units[0]!.values["CE1.1"]).toBe(64);
    const cohort = await frozenCohort(db, row!);
    expect(cohort.at(-1)).toEqual(row!.inputs.units[0]);
    const again = scoreUnits(toScoringModel(framework), toEngineInputs(framework, cohort), row!.method);
    expect(again.hash).toBe(row!.hash);
    expect(again.scores.Index![cohort.length - 1]).toBe(row!.scores.scores.Index);

    const chain = await verifyAuditChain(db, ids.campaign!);
    expect(chain).toMatchObject({ ok: true });
    expect(chain.entries).toBeGreaterThan(indicators.length + 8);
  });

  it("two editors changing the same indicator: the second gets a conflict showing both values", async () => {
    const yc = await cityOrg("640100");
    const sub = await getOrCreateSubmission(db, ids.campaign!, yc);
    const a = await userId("editor.640100@zhiping.demo");
    const b = await userId("approver.640100@zhiping.demo");
    expect(await saveValues(db, sub, a, [{ code: "DS1.1", value: 40, narrative: "A 的数据", baseVersion: 0 }])).toMatchObject({ ok: true });
    const second = await saveValues(db, sub, b, [
      { code: "DS1.2", value: 10, baseVersion: 0 },
      { code: "DS1.1", value: 55, narrative: "B 的数据", baseVersion: 0 },
    ]);
    expect(second).toMatchObject({
      ok: false,
      kind: "conflict",
      conflicts: [{ code: "DS1.1", yours: { value: 55, narrative: "B 的数据" }, theirs: { value: 40, narrative: "A 的数据", by: "银川市填报员", version: 1 } }],
    });
    // All or nothing: the non-conflicting DS1.2 was not saved either.
    expect(await db.select().from(indicatorValue).where(sql`${indicatorValue.submissionId} = ${sub.id} and ${indicatorValue.indicatorCode} = 'DS1.2'`)).toHaveLength(0);
  });

  it("rejects invalid values by indicator, saving nothing", async () => {
    const sub = await getOrCreateSubmission(db, ids.campaign!, await cityOrg("370800"));
    const editor = await userId("editor.370800@zhiping.demo");
    const outcome = await saveValues(db, sub, editor, [
      { code: "CE1.3", value: 9, baseVersion: 0 },
      { code: "OP2.2", value: 0.5, baseVersion: 0 },
      { code: "NOPE", value: 1, baseVersion: 0 },
      { code: "CE1.1", value: 50, baseVersion: 0 },
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      kind: "invalid",
      errors: [
        { code: "CE1.3", message: "expected a rubric level: 0, 1, 2, 3, 4" },
        { code: "OP2.2", message: "expected 0 (no) or 1 (yes)" },
        { code: "NOPE", message: "“NOPE” is not an indicator of zhiping-pilot@1.2.0" },
      ],
    });
    // Each problem also says itself in Chinese, for the page.
    expect((outcome as { errors: IndicatorProblem[] }).errors.map((e) => problemText("zh-CN", e.problem))).toEqual(["应为等级之一：0, 1, 2, 3, 4", "应为 0（否）或 1（是）", "“NOPE”不是评估框架 zhiping-pilot@1.2.0 的指标"]);
    expect(await db.select().from(indicatorValue).where(eq(indicatorValue.submissionId, sub.id))).toHaveLength(0);
    const warned = await saveValues(db, sub, editor, [{ code: "CE1.1", value: 140, baseVersion: 0 }]);
    expect(warned).toMatchObject({ ok: true, warnings: [{ code: "CE1.1", message: expect.stringContaining("outside the expected range 0–100") }] });
  });

  it("parallel saves: every accepted save is recorded, every rejected one reported", async () => {
    const sub = await getOrCreateSubmission(db, ids.campaign!, await cityOrg("520100"));
    const editor = await userId("editor.520100@zhiping.demo");
    const before = (await auditSince(db, ids.campaign!, "submission", sub.id)).length;
    // 10 editors race on one indicator from the same base version, 10 others on distinct ones.
    const sameBase = Array.from({ length: 10 }, (_, k) => saveValues(db, sub, editor, [{ code: "OP1.1", value: k, baseVersion: 0 }]));
    const distinct = indicators.slice(0, 10).filter((i) => i.code !== "OP1.1").map((i, k) => saveValues(db, sub, editor, [{ code: i.code, value: valueFor(i.code, k), baseVersion: 0 }]));
    const outcomes = await Promise.all([...sameBase, ...distinct]);
    const raced = outcomes.slice(0, 10);
    expect(raced.filter((o) => o.ok)).toHaveLength(1);
    expect(raced.filter((o) => !o.ok && o.kind === "conflict")).toHaveLength(9);
    expect(outcomes.slice(10).every((o) => o.ok)).toBe(true);
    const events = (await auditSince(db, ids.campaign!, "submission", sub.id)).slice(before);
    expect(events).toHaveLength(1 + distinct.length);
    const [winner] = await db.select().from(indicatorValue).where(sql`${indicatorValue.submissionId} = ${sub.id} and ${indicatorValue.indicatorCode} = 'OP1.1'`);
    expect(winner!.value).toBe(raced.findIndex((o) => o.ok));
    expect(await verifyAuditChain(db, ids.campaign!)).toMatchObject({ ok: true });
  });

  it("the audit trail refuses edits, and an edit made behind its back is detected", async () => {
    await expect(db.execute(sql`update audit_event set reason = 'x' where seq = 1`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_event where seq = 1`)).rejects.toThrow();
    await db.execute(sql`alter table audit_event disable trigger audit_event_no_update`);
    await db.execute(sql`update audit_event set after = jsonb_set(after, '{value}', '99') where seq = 2`);
    await db.execute(sql`alter table audit_event enable trigger audit_event_no_update`);
    expect(await verifyAuditChain(db, ids.campaign!)).toMatchObject({ ok: false, broken: { seq: 2, problem: expect.stringContaining("edited after it was written") } });
  });
});
