import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvent, organization, reviewValue, submission } from "../../../db/schema";
import { weightedKappa } from "../../../indicators/engine/agreement";
import { frameworkIndicators } from "../../../indicators/framework/model";
import { getFramework } from "../../../indicators/frameworks/index";
import { isSurveySourced } from "../../../indicators/framework/schema";
import { DEMO_CAMPAIGN } from "../../../db/seed/demo-data";
import * as page from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import { signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { attachRequiredEvidence } from "../../helpers/submissions";

const HZ = { slug: "pilot-2026", code: "330100" }; // assessed by 华信 (primary) and 中城 (second)
const path = "/campaigns/pilot-2026/cities/330100";
type PageData = Awaited<ReturnType<typeof page.loader>>;
/** Every indicator the assessors review; the city enters all but the citizen-survey ones. */
const reviewed = frameworkIndicators(getFramework(DEMO_CAMPAIGN.frameworkRef));
const indicators = reviewed.filter((i) => !isSurveySourced(i));
const rubric = indicators.filter((i) => i.kind === "rubric");
const levelOf = (i: (typeof indicators)[number], k: number) => (i.kind === "rubric" ? i.levels[k % i.levels.length]!.level : i.kind === "binary" ? 1 : 50);

describe.each(DRIVERS)("two independent assessors on %s", (driver) => {
  const database = useApp(driver);

  it("shows their weighted kappa on rubric levels and the indicators they disagree on; the city does not see it", async () => {
    const version = async () => String((await database.db.select().from(submission))[0]?.version ?? 0);
    const editor = await signIn("editor.330100@zhiping.demo");
    const values = Object.fromEntries(indicators.flatMap((i, k) => [[`v:${i.code}`, String(levelOf(i, k))], [`b:${i.code}`, "0"]]));
    expect((await editor.act(page, path, { intent: "save", version: await version(), ...values }, HZ)).status).toBe(200);
    await attachRequiredEvidence(database.db, "pilot-2026", "330100");
    expect((await (await signIn("approver.330100@zhiping.demo")).act(page, path, { intent: "submit", version: await version() }, HZ)).status).toBe(200);
    const primary = await signIn("assessor@huaxin.demo");
    expect((await primary.act(page, path, { intent: "startReview", version: await version() }, HZ)).status).toBe(200);
    const accept = Object.fromEntries(reviewed.map((i) => [`d:${i.code}`, "accepted"]));
    expect((await primary.act(page, path, { intent: "review", version: await version(), ...accept }, HZ)).status).toBe(200);

    // The second assessor scores two rubric indicators one level apart.
    const [x, y] = rubric;
    const shifted = (i: typeof x, k: number) => (i!.kind === "rubric" ? i!.levels[(k + 1) % i!.levels.length]!.level : 0);
    const second = await signIn("assessor@zhongcheng.demo");
    const review = {
      ...accept,
      [`d:${x!.code}`]: "adjusted",
      [`a:${x!.code}`]: String(shifted(x, indicators.indexOf(x!))),
      [`r:${x!.code}`]: "现场核查结论",
      [`d:${y!.code}`]: "adjusted",
      [`a:${y!.code}`]: String(shifted(y, indicators.indexOf(y!))),
      [`r:${y!.code}`]: "现场核查结论",
    };
    // Blind: until its own review is complete, the second assessor sees nothing of the primary's work.
    const blindPage = ((await second.load(page, path, HZ)).body as PageData).page;
    expect(blindPage).toMatchObject({ agreement: null, blind: true });
    expect(blindPage.history.entries.filter((e) => e.action.startsWith("review."))).toEqual([]);
    expect((await second.act(page, path, { intent: "review", version: await version(), [`d:${x!.code}`]: "accepted" }, HZ)).status).toBe(200);
    expect(((await second.load(page, path, HZ)).body as PageData).page).toMatchObject({ agreement: null, blind: true });
    expect((await second.act(page, path, { intent: "review", version: await version(), ...review }, HZ)).status).toBe(200);
    const seeing = ((await second.load(page, path, HZ)).body as PageData).page;
    expect(seeing.blind).toBe(false);
    expect(seeing.agreement!.disagreements.map((d) => d.code)).toEqual([x!.code, y!.code]);

    const lead = (await (await signIn("lead@huaxin.demo")).load(page, path, HZ)).body as PageData;
    const agreement = lead.page.agreement!;
    expect(agreement.reviewedByBoth).toBe(reviewed.length);
    expect(agreement.disagreements.map((d) => d.code)).toEqual([x!.code, y!.code]);
    const a = rubric.map((i) => levelOf(i, indicators.indexOf(i)));
    const b = rubric.map((i) => ([x, y].includes(i) ? shifted(i, indicators.indexOf(i)) : levelOf(i, indicators.indexOf(i))));
    const levels = [...new Set(rubric.flatMap((i) => (i.kind === "rubric" ? i.levels.map((l) => l.level) : [])))].sort((p, q) => p - q);
    expect(agreement.kappa).toBe(weightedKappa(a, b, levels, "quadratic").kappa);
    expect(agreement.kappa).toBeLessThan(1);
    expect(agreement.pairs).toBe(rubric.length);
    expect((((await (await signIn("ministry.analyst@zhiping.demo")).load(page, path, HZ)).body as PageData).page.agreement)?.disagreements).toHaveLength(2);
    expect(((await editor.load(page, path, HZ)).body as PageData).page.agreement).toBeNull();
  });

  it("the submission's history: the city reads the primary assessor's decisions only, each agency its own, the ministry all; one indicator at a time on request", async () => {
    const orgId = async (slug: string) => (await database.db.select().from(organization).where(eq(organization.slug, slug)))[0]!.id;
    const huaxin = await orgId("huaxin-eval");
    const zhongcheng = await orgId("zhongcheng-eval");
    const history = async (email: string, code?: string) =>
      ((await (await signIn(email)).load(page, code ? `${path}?history=${code}` : path, HZ)).body as PageData).page.history;
    const [sub] = await database.db.select().from(submission).where(eq(submission.cityOrgId, (await database.db.select().from(organization).where(eq(organization.slug, "city-330100")))[0]!.id));
    const stored = await database.db.select().from(auditEvent).where(and(eq(auditEvent.entity, "submission"), eq(auditEvent.entityId, sub!.id)));
    const agencyOf = (e: (typeof stored)[number]) => ((e.after ?? e.before) as { agency?: string } | null)?.agency;
    const reviewsBy = (entries: { seq: number }[], agency: string) => entries.filter((e) => agencyOf(stored.find((s) => s.seq === e.seq)!) === agency).length;

    const ministry = await history("ministry.analyst@zhiping.demo");
    expect(ministry.entries).toHaveLength(stored.length);
    expect(ministry.entries.map((e) => e.seq)).toEqual(stored.map((e) => e.seq).sort((a, b) => b - a)); // newest first
    const city = await history("editor.330100@zhiping.demo");
    expect(reviewsBy(city.entries, huaxin)).toBeGreaterThan(0);
    expect(reviewsBy(city.entries, zhongcheng)).toBe(0);
    const second = await history("assessor@zhongcheng.demo");
    expect(reviewsBy(second.entries, zhongcheng)).toBeGreaterThan(0);
    expect(reviewsBy(second.entries, huaxin)).toBe(0);
    expect(city.entries.length + reviewsBy(ministry.entries, zhongcheng)).toBe(ministry.entries.length);

    // One indicator: its value saves and the primary's decision, with who and what.
    // An indicator the framework does not have filters nothing out.
    expect(await history("editor.330100@zhiping.demo", "NOPE")).toEqual({ code: null, entries: city.entries });
    const one = await history("editor.330100@zhiping.demo", "CE1.1");
    expect(one.code).toBe("CE1.1");
    expect(one.entries.length).toBeGreaterThan(1);
    expect(one.entries.every((e) => e.code === "CE1.1")).toBe(true);
    const saved = one.entries.find((e) => e.action === "value.saved")!;
    expect(saved).toMatchObject({ by: "杭州市填报员", after: { value: expect.any(Number) } });
    expect(saved.after).not.toHaveProperty("version");
    expect(one.entries.some((e) => e.action.startsWith("review.") && e.by !== null)).toBe(true);
  });

  it("the primary lead reconciles in one click by adopting the second value; nobody else can", async () => {
    const version = async () => String((await database.db.select().from(submission))[0]!.version);
    const [x, y] = rubric;
    const reconcile = (code: string, note = "") => ({ intent: "reconcile", version: "", code, note });
    // The second agency's lead, and the primary's plain assessor, may not reconcile.
    for (const email of ["lead@zhongcheng.demo", "assessor@huaxin.demo", "editor.330100@zhiping.demo"])
      expect((await (await signIn(email)).act(page, path, { ...reconcile(x!.code), version: await version() }, HZ)).status, email).toBe(403);
    const lead = await signIn("lead@huaxin.demo");
    expect(await lead.act(page, path, { ...reconcile("XX9.9"), version: await version() }, HZ)).toMatchObject({ status: 400, body: { invalid: [{ code: "XX9.9" }] } });
    expect(await lead.act(page, path, { ...reconcile(x!.code, "双方复核后采纳"), version: await version() }, HZ)).toMatchObject({ status: 200, body: { saved: 1 } });

    const after = ((await lead.load(page, path, HZ)).body as PageData).page;
    expect(after.agreement!.disagreements.map((d) => d.code)).toEqual([y!.code]);
    const adopted = after.reviews[x!.code]!;
    const huaxin = (await database.db.select().from(organization).where(eq(organization.slug, "huaxin-eval")))[0]!.id;
    const zhongcheng = (await database.db.select().from(organization).where(eq(organization.slug, "zhongcheng-eval")))[0]!.id;
    const [theirs] = await database.db.select().from(reviewValue).where(and(eq(reviewValue.agencyOrgId, zhongcheng), eq(reviewValue.indicatorCode, x!.code)));
    expect(adopted).toMatchObject({ decision: "adjusted", value: theirs!.value });
    expect(adopted.reason).toMatch(/^协调：采用第二评估方的数值 \d+；现场核查结论；双方复核后采纳$/);
    const audit = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "review.adjusted"));
    expect(audit.at(-1)).toMatchObject({ reason: adopted.reason, after: { code: x!.code, agency: huaxin, value: theirs!.value } });
  });

  it("the second assessor scores independently but never moves the city's submission: only the primary agency starts the review or returns it", async () => {
    const YC = { slug: "pilot-2026", code: "640100" }; // primary 中城, second 华信
    const ycPath = "/campaigns/pilot-2026/cities/640100";
    const ycVersion = async () => String((await database.db.select().from(submission).innerJoin(organization, eq(organization.id, submission.cityOrgId)).where(eq(organization.slug, "city-640100")))[0]?.submission.version ?? 0);
    const values = Object.fromEntries(indicators.map((i, k) => [`v:${i.code}`, String(levelOf(i, k))]));
    expect((await (await signIn("editor.640100@zhiping.demo")).act(page, ycPath, { intent: "save", version: await ycVersion(), ...values }, YC)).status).toBe(200);
    await attachRequiredEvidence(database.db, "pilot-2026", "640100");
    expect((await (await signIn("approver.640100@zhiping.demo")).act(page, ycPath, { intent: "submit", version: await ycVersion() }, YC)).status).toBe(200);

    const second = await signIn("assessor@huaxin.demo");
    const seen = (await second.load(page, ycPath, YC)).body as PageData;
    expect(seen.page.can.startReview).toBe(false);
    expect((await second.act(page, ycPath, { intent: "startReview", version: await ycVersion() }, YC)).status).toBe(403);
    expect((await (await signIn("lead@huaxin.demo")).act(page, ycPath, { intent: "startReview", version: await ycVersion() }, YC)).status).toBe(403);

    const primary = await signIn("assessor@zhongcheng.demo");
    expect(((await primary.load(page, ycPath, YC)).body as PageData).page.can.startReview).toBe(true);
    expect((await primary.act(page, ycPath, { intent: "startReview", version: await ycVersion() }, YC)).status).toBe(200);
    const [first] = indicators;
    const returning = { [`d:${first!.code}`]: "returned", [`r:${first!.code}`]: "请补充数据来源" };
    const inReview = (await second.load(page, ycPath, YC)).body as PageData;
    expect(inReview.page.can.review).toBe(true); // it still records its own independent review
    expect(inReview.page.can.returnForCorrection).toBe(false);
    expect((await second.act(page, ycPath, { intent: "returnForCorrection", version: await ycVersion(), ...returning }, YC)).status).toBe(403);
    const [row] = await database.db.select({ status: submission.status }).from(submission).innerJoin(organization, eq(organization.id, submission.cityOrgId)).where(eq(organization.slug, "city-640100"));
    expect(row!.status).toBe("in_review");
  });
});
