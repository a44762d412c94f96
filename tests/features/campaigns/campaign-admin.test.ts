import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { auditEvent, campaign, campaignCity, evidence, indicatorValue, organization, reviewValue, submission } from "../../../db/schema";
import { frameworkIndicators } from "../../../indicators/framework/model";
import { isSurveySourced } from "../../../indicators/framework/schema";
import { getFramework } from "../../../indicators/frameworks/index";
import * as campaignPage from "../../../app/routes/campaigns.$slug._index";
import * as submissionPage from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import * as settings from "../../../app/routes/campaigns.$slug.settings/route";
import * as newCampaign from "../../../app/routes/campaigns.new";
import * as dashboard from "../../../app/routes/dashboard";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import { startAppWithActivity, signIn } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const SLUG = "pilot-2027";
const settingsPath = `/campaigns/${SLUG}/settings`;
const params = { slug: SLUG };
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const newForm = (over: Record<string, string> = {}) => ({
  slug: SLUG,
  frameworkRef: "zhiping-pilot@1.0.0",
  nameZh: "2027年度智慧城市试点第三方评估",
  nameEn: "2027 evaluation",
  year: "2027",
  submissionDeadline: later(60),
  reviewDeadline: later(120),
  normalise: "zscore",
  aggregate: "geometric",
  impute: "median",
  dataThreshold: "0.6",
  ...over,
});

describe.each(DRIVERS)("campaign administration on %s", (driver) => {
  let database: Database;
  let orgId: (slug: string) => Promise<string>;
  beforeAll(async () => {
    // The demo with its workflow replayed (cities filled, reviewed, signed off): a copy of the one seeded per run.
    database = await startAppWithActivity(driver);
    orgId = async (slug) => (await database.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug)))[0]!.id;
  });
  afterAll(() => database.close());

  it("only a ministry admin opens the creation page or creates a campaign", async () => {
    for (const [email, status] of [
      ["ministry.admin@zhiping.demo", 200],
      ["ministry.analyst@zhiping.demo", 403],
      ["lead@huaxin.demo", 403],
      ["approver.330100@zhiping.demo", 403],
      ["admin@zhiping.demo", 403],
    ] as const) {
      const client = await signIn(email);
      expect((await client.load(newCampaign, "/campaigns/new")).status, email).toBe(status);
      if (status === 403) expect((await client.act(newCampaign, "/campaigns/new", newForm())).status, email).toBe(403);
    }
    expect(await database.db.select().from(campaign).where(eq(campaign.slug, SLUG))).toHaveLength(0);
  });

  it("refuses bad input field by field and a taken address, creating nothing", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const bad = await admin.act(newCampaign, "/campaigns/new", newForm({ slug: "New", year: "20x7", dataThreshold: "1.5", frameworkRef: "nope@1" }));
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Record<string, string> }).errors).toEqual({
      slug: "slugFormat",
      year: "yearFormat",
      dataThreshold: "thresholdFormat",
    });
    // A framework version the ministry may not use (unknown, a draft, another ministry's) is refused by name.
    expect(await admin.act(newCampaign, "/campaigns/new", newForm({ frameworkRef: "nope@1" }))).toMatchObject({ status: 400, body: { errors: { frameworkRef: "campaignFrameworkUnknown" } } });
    // Cross-field rules are checked once each field is valid on its own.
    expect(await admin.act(newCampaign, "/campaigns/new", newForm({ reviewDeadline: later(30) }))).toMatchObject({ status: 400, body: { errors: { reviewDeadline: "reviewBeforeSubmission" } } });
    // The deadline order is reported together with other fields' errors, not only once they are fixed.
    const both = await admin.act(newCampaign, "/campaigns/new", newForm({ nameZh: " ", year: "20x6", reviewDeadline: later(30) }));
    expect((both.body as { errors: Record<string, string> }).errors).toEqual({ nameZh: "required", year: "yearFormat", reviewDeadline: "reviewBeforeSubmission" });
    const taken = await admin.act(newCampaign, "/campaigns/new", newForm({ slug: "pilot-2026" }));
    expect(taken).toMatchObject({ status: 409, body: { errors: { slug: "campaignSlugTaken" }, vars: { slug: "pilot-2026" } } });
    expect((await database.db.select().from(campaign)).map((c) => c.slug).sort()).toEqual(["pilot-2025", "pilot-2026"]);
  });

  it("creates a draft the cohort cannot see yet, with its framework and method frozen as chosen", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const created = await admin.act(newCampaign, "/campaigns/new", newForm());
    expect(created).toMatchObject({ status: 302, body: `${settingsPath}?created=1` });
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, SLUG));
    expect(row).toMatchObject({ status: "draft", frameworkRef: "zhiping-pilot@1.0.0", year: 2027 });
    expect(row!.method).toEqual({ normalise: { method: "zscore" }, aggregate: "geometric", dataThreshold: 0.6, impute: "median" });
    // The deadline is the end of the chosen day in Beijing.
    expect(row!.submissionDeadline.toISOString()).toBe(`${later(60)}T15:59:59.000Z`);

    const page = await admin.load(settings, settingsPath, params);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ campaign: { status: "draft" }, settings: { normalise: "zscore", aggregate: "geometric", impute: "median", dataThreshold: 0.6, submissionDeadline: later(60) }, cohort: [] });
    for (const email of ["ministry.analyst@zhiping.demo", "lead@huaxin.demo", "editor.330100@zhiping.demo", "admin@zhiping.demo"]) {
      const client = await signIn(email);
      expect((await client.load(settings, settingsPath, params)).status, email).toBe(403);
      for (const intent of ["settings", "deadlines", "cohort-set", "cohort-remove", "cohort-bulk-preview", "cohort-bulk-add", "open", "close"]) expect((await client.act(settings, settingsPath, { intent }, params)).status, `${email} ${intent}`).toBe(403);
    }
    expect((await admin.load(settings, "/campaigns/nope/settings", { slug: "nope" })).status).toBe(404);
    expect((await (await signIn("ministry.analyst@zhiping.demo")).load(campaignPage, `/campaigns/${SLUG}`, params)).status).toBe(200);
  });

  it("edits the cohort with every change in the audit trail; cities and agencies see nothing until it opens", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const [hangzhou, yinchuan, huaxin, zhongcheng] = await Promise.all(["city-330100", "city-640100", "huaxin-eval", "zhongcheng-eval"].map(orgId));
    const set = (form: Record<string, string>) => admin.act(settings, settingsPath, { intent: "cohort-set", ...form }, params);

    expect(await set({ cityOrgId: hangzhou!, agencyOrgId: huaxin!, secondAgencyOrgId: huaxin! })).toMatchObject({ status: 400, body: { errors: { secondAgencyOrgId: "secondSameAsPrimary" } } });
    expect(await set({ cityOrgId: huaxin!, agencyOrgId: huaxin! })).toMatchObject({ status: 409, body: { errors: { cityOrgId: "chooseCity" } } });
    expect(await set({ cityOrgId: hangzhou!, agencyOrgId: yinchuan! })).toMatchObject({ status: 409, body: { errors: { agencyOrgId: "chooseAgency" } } });
    expect(await set({ cityOrgId: hangzhou!, agencyOrgId: huaxin! })).toMatchObject({ status: 200, body: { done: true } });
    expect(await set({ cityOrgId: yinchuan!, agencyOrgId: zhongcheng!, secondAgencyOrgId: huaxin! })).toMatchObject({ status: 200 });
    expect(await set({ cityOrgId: hangzhou!, agencyOrgId: zhongcheng! })).toMatchObject({ status: 200 });
    expect(await admin.act(settings, settingsPath, { intent: "cohort-remove", cityOrgId: yinchuan!, reason: "not a pilot this year" }, params)).toMatchObject({ status: 200 });

    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, SLUG));
    const cohort = await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, row!.id));
    expect(cohort.map((c) => [c.cityOrgId, c.agencyOrgId, c.secondAgencyOrgId])).toEqual([[hangzhou, zhongcheng, null]]);
    const actions = (await database.db.select().from(auditEvent).where(eq(auditEvent.campaignId, row!.id))).map((e) => [e.action, e.reason]);
    expect(actions).toEqual([
      ["campaign.created", null],
      ["cohort.added", null],
      ["cohort.added", null],
      ["cohort.changed", null],
      ["cohort.removed", "not a pilot this year"],
    ]);
    expect(await verifyAuditChain(database.db, row!.id)).toMatchObject({ ok: true, entries: 5 });

    // Hangzhou and its agency are in the cohort, but a draft is the ministry's alone.
    for (const email of ["editor.330100@zhiping.demo", "lead@zhongcheng.demo"]) {
      const client = await signIn(email);
      expect((await client.load(campaignPage, `/campaigns/${SLUG}`, params)).status, email).toBe(403);
      const dash = (await client.load(dashboard, "/dashboard")).body as { campaigns: { slug: string }[]; queue: { campaignSlug: string }[] };
      expect(dash.campaigns.map((c) => c.slug)).toEqual(["pilot-2026", "pilot-2025"]);
      expect(dash.queue.every((q) => q.campaignSlug === "pilot-2026")).toBe(true);
    }
  });

  it("a draft's settings change freely; opening freezes them and deadlines then only move later", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const draftSettings = { intent: "settings", ...newForm({ nameEn: "2027 third-party evaluation", normalise: "minmax", aggregate: "arithmetic", impute: "none", dataThreshold: "0.5" }) };
    expect(await admin.act(settings, settingsPath, draftSettings, params)).toMatchObject({ status: 200, body: { done: true } });
    expect((await database.db.select().from(campaign).where(eq(campaign.slug, SLUG)))[0]).toMatchObject({ nameEn: "2027 third-party evaluation", method: { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic", dataThreshold: 0.5 } });

    expect(await admin.act(settings, settingsPath, { intent: "open" }, params)).toMatchObject({ status: 200, body: { done: true } });
    expect(await admin.act(settings, settingsPath, { intent: "open" }, params)).toMatchObject({ status: 409, body: { errors: { form: "campaignNotDraft" } } });
    expect(await admin.act(settings, settingsPath, { ...draftSettings, aggregate: "geometric" }, params)).toMatchObject({ status: 409, body: { errors: { form: "campaignOpenFrozen" } } });

    const earlier = await admin.act(settings, settingsPath, { intent: "deadlines", submissionDeadline: later(30), reviewDeadline: later(120) }, params);
    expect(earlier).toMatchObject({ status: 409, body: { errors: { submissionDeadline: "deadlineOnlyLater" }, vars: { date: later(60) } } });
    expect(await admin.act(settings, settingsPath, { intent: "deadlines", submissionDeadline: later(90), reviewDeadline: later(150), reason: "cities asked for time" }, params)).toMatchObject({ status: 200 });
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, SLUG));
    expect(row).toMatchObject({ status: "open", method: { aggregate: "arithmetic" } });
    expect(row!.submissionDeadline.toISOString().slice(0, 10)).toBe(later(90));
    const [extension] = await database.db.select().from(auditEvent).where(and(eq(auditEvent.campaignId, row!.id), eq(auditEvent.action, "campaign.deadlines")));
    expect(extension).toMatchObject({ reason: "cities asked for time", after: { submissionDeadline: `${later(90)}T15:59:59.000Z` } });

    // Now the city sees it and can work on it.
    const editor = await signIn("editor.330100@zhiping.demo");
    expect((await editor.load(campaignPage, `/campaigns/${SLUG}`, params)).status).toBe(200);
    const save = await editor.act(submissionPage, `/campaigns/${SLUG}/cities/330100`, { intent: "save", version: "0", "v:CE1.1": "61", "b:CE1.1": "0" }, { slug: SLUG, code: "330100" });
    expect(save).toMatchObject({ status: 200, body: { saved: 1 } });
  });

  it("past the submission deadline the city is locked out until the ministry extends it", async () => {
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, SLUG));
    const path = `/campaigns/${SLUG}/cities/330100`;
    const cityParams = { slug: SLUG, code: "330100" };
    // Time passes: the deadline is yesterday.
    await database.db.update(campaign).set({ submissionDeadline: new Date(Date.now() - 86_400_000) }).where(eq(campaign.id, row!.id));
    const editor = await signIn("editor.330100@zhiping.demo");
    const loaded = (await editor.load(submissionPage, path, cityParams)).body as Awaited<ReturnType<typeof submissionPage.loader>>;
    expect(loaded.page.due).toMatchObject({ passed: true });
    expect(loaded.page.can.save).toBe(false);
    const version = String(loaded.page.values["CE1.1"]!.version);
    const late = await editor.act(submissionPage, path, { intent: "save", version: "0", "v:CE1.1": "62", "b:CE1.1": version }, cityParams);
    expect(late.status).toBe(409);
    expect((late.body as { error: string }).error).toMatch(/^本次填报截止时间（\d{4}年\d{1,2}月\d{1,2}日）已过；如需延期请联系主管部委。$/);
    const approver = await signIn("approver.330100@zhiping.demo");
    expect(await approver.act(submissionPage, path, { intent: "submit", version: "0" }, cityParams)).toMatchObject({ status: 409 });
    expect((await database.db.select().from(submission).where(eq(submission.campaignId, row!.id)))[0]).toMatchObject({ status: "draft" });

    const admin = await signIn("ministry.admin@zhiping.demo");
    expect(await admin.act(settings, settingsPath, { intent: "deadlines", submissionDeadline: later(10), reviewDeadline: later(150), reason: "late data from the statistics bureau" }, params)).toMatchObject({ status: 200 });
    expect(await editor.act(submissionPage, path, { intent: "save", version: "0", "v:CE1.1": "62", "b:CE1.1": version }, cityParams)).toMatchObject({ status: 200, body: { saved: 1 } });
  });

  it("closing makes everything read-only; a city under way or signed off keeps its place and its assessor", async () => {
    const db = database.db;
    const admin = await signIn("ministry.admin@zhiping.demo");
    const demo = "/campaigns/pilot-2026/settings";
    const demoParams = { slug: "pilot-2026" };
    const [demoRow] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [signedOff] = await db.select().from(submission).where(and(eq(submission.campaignId, demoRow!.id), eq(submission.status, "signed_off"))).limit(1);
    const [entry] = await db.select().from(campaignCity).where(and(eq(campaignCity.campaignId, demoRow!.id), eq(campaignCity.cityOrgId, signedOff!.cityOrgId)));
    const otherAgency = entry!.agencyOrgId === (await orgId("huaxin-eval")) ? await orgId("zhongcheng-eval") : await orgId("huaxin-eval");
    expect(await admin.act(settings, demo, { intent: "cohort-remove", cityOrgId: signedOff!.cityOrgId }, demoParams)).toMatchObject({ status: 409, body: { errors: { cityOrgId: "cityUnderWay" } } });
    // The status is named in the reader's language, never as the workflow's internal code.
    const [inReview] = await db.select().from(submission).where(and(eq(submission.campaignId, demoRow!.id), eq(submission.status, "in_review"))).limit(1);
    expect(await admin.act(settings, demo, { intent: "cohort-remove", cityOrgId: inReview!.cityOrgId }, demoParams)).toMatchObject({ status: 409, body: { errors: { cityOrgId: "cityUnderWay" }, vars: { status: "评审中" } } });
    expect(await admin.act(settings, demo, { intent: "cohort-set", cityOrgId: signedOff!.cityOrgId, agencyOrgId: otherAgency }, demoParams)).toMatchObject({ status: 409, body: { errors: { agencyOrgId: "agencyFixedAfterSignOff" } } });

    expect(await admin.act(settings, settingsPath, { intent: "close", reason: "round finished" }, params)).toMatchObject({ status: 200 });
    expect(await admin.act(settings, settingsPath, { intent: "deadlines", submissionDeadline: later(200), reviewDeadline: later(300) }, params)).toMatchObject({ status: 409, body: { errors: { form: "campaignClosedNoChange" } } });
    const editor = await signIn("editor.330100@zhiping.demo");
    const path = `/campaigns/${SLUG}/cities/330100`;
    expect((await editor.load(submissionPage, path, { slug: SLUG, code: "330100" })).status).toBe(200);
    expect((await editor.act(submissionPage, path, { intent: "save", version: "0", "v:CE1.1": "70", "b:CE1.1": "3" }, { slug: SLUG, code: "330100" })).status).toBe(403);
    const [row] = await db.select().from(campaign).where(eq(campaign.slug, SLUG));
    expect(await verifyAuditChain(db, row!.id)).toMatchObject({ ok: true });
    expect((await admin.act(settings, settingsPath, { intent: "bogus" }, params)).status).toBe(400);
  });

  it("an agency's review queue lists every assigned city of its open campaigns, waiting ones first, with its part and the deadline", async () => {
    const queue = ((await (await signIn("assessor@huaxin.demo")).load(dashboard, "/dashboard")).body as Awaited<ReturnType<typeof dashboard.loader>>).queue;
    const [demo] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const huaxin = await orgId("huaxin-eval");
    const assigned = await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, demo!.id));
    const mine = assigned.filter((c) => c.agencyOrgId === huaxin || c.secondAgencyOrgId === huaxin);
    // pilot-2027 (closed by now) is not in the queue; every city huaxin assesses in pilot-2026 is.
    expect(queue.map((q) => q.campaignSlug)).toEqual(mine.map(() => "pilot-2026"));
    const urgency: Record<string, number> = { submitted: 0, resubmitted: 0, in_review: 1, returned: 2, draft: 3, signed_off: 4 };
    const ranks = queue.map((q) => urgency[q.status]!);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(queue[0]!.status).toBe("in_review"); // the demo's in-review cities of huaxin come before its signed-off ones
    expect(queue.filter((q) => q.role === "second").map((q) => q.divisionCode)).toEqual(["640100"]);
    expect(queue.every((q) => q.reviewDeadline.getTime() === demo!.reviewDeadline.getTime())).toBe(true);
    expect(((await (await signIn("editor.330100@zhiping.demo")).load(dashboard, "/dashboard")).body as { queue: unknown[] }).queue).toEqual([]);
  });

  it("a city's dashboard shows where its own submission stands: status, progress, what to fix and by when", async () => {
    const [demo] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const ownCity = async (code: string) => ((await (await signIn(`editor.${code}@zhiping.demo`)).load(dashboard, "/dashboard")).body as Awaited<ReturnType<typeof dashboard.loader>>).ownCity;
    const submissionOf = async (code: string) => (await database.db.select().from(submission).where(and(eq(submission.campaignId, demo!.id), eq(submission.cityOrgId, await orgId(`city-${code}`)))))[0]!;
    // What a city fills: the survey-sourced indicators come from citizens.
    const indicators = frameworkIndicators(getFramework(demo!.frameworkRef)).filter((i) => !isSurveySourced(i));
    const total = indicators.length;

    const returned = await submissionOf("360100");
    const toFix = await database.db.select().from(reviewValue).where(and(eq(reviewValue.submissionId, returned.id), eq(reviewValue.decision, "returned")));
    expect(toFix.length).toBeGreaterThan(0);
    // The same count as the page's list of what to fix: returned indicators and evidence judged insufficient.
    const page = (await (await signIn("editor.360100@zhiping.demo")).load(submissionPage, "/campaigns/pilot-2026/cities/360100", { slug: "pilot-2026", code: "360100" })).body as { page: { toFix: unknown[] } };
    expect(page.page.toFix.length).toBeGreaterThan(toFix.length);
    expect((await ownCity("360100"))["pilot-2026"]).toMatchObject({
      status: "returned",
      round: returned.round,
      toFix: page.page.toFix.length,
      divisionCode: "360100",
      progress: { total },
      due: { at: demo!.reviewDeadline.toISOString(), passed: false },
    });

    // The draft: what is filled and which required evidence is missing, counted from what is stored.
    const draft = await submissionOf("340100");
    const filled = await database.db.select().from(indicatorValue).where(and(eq(indicatorValue.submissionId, draft.id), isNotNull(indicatorValue.value)));
    const standing = (await ownCity("340100"))["pilot-2026"]!;
    expect(standing).toMatchObject({ status: "draft", toFix: 0, progress: { filled: filled.length, total }, due: { at: demo!.submissionDeadline.toISOString(), passed: false } });
    expect(filled.length).toBeLessThan(total);
    const missingBefore = standing.progress.missing;
    expect(missingBefore).toBeGreaterThan(0);
    const requiringEvidence = new Set(indicators.filter((i) => i.evidence.some((e) => e.mandatory)).map((i) => i.code));
    const attached = (await database.db.select().from(evidence).where(and(eq(evidence.submissionId, draft.id), isNull(evidence.removedAt)))).find((e) => requiringEvidence.has(e.indicatorCode));
    await database.db.update(evidence).set({ removedAt: new Date() }).where(and(eq(evidence.submissionId, draft.id), eq(evidence.indicatorCode, attached!.indicatorCode)));
    expect((await ownCity("340100"))["pilot-2026"]!.progress.missing).toBe(missingBefore + 1);

    // A signed-off city has nothing due; the ministry has no city standing at all.
    expect((await ownCity("330100"))["pilot-2026"]).toMatchObject({ status: "signed_off", due: null, toFix: 0 });
    expect(((await (await signIn("ministry.admin@zhiping.demo")).load(dashboard, "/dashboard")).body as { ownCity: object }).ownCity).toEqual({});
  });

  it("the campaign page counts the cohort by workflow stage, for the ministry and for an agency's own cities", async () => {
    const [demo] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const stored = await database.db.select({ status: submission.status, cityOrgId: submission.cityOrgId }).from(submission).where(eq(submission.campaignId, demo!.id));
    const cohort = await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, demo!.id));
    const statusOf = (cityOrgId: string) => stored.find((s) => s.cityOrgId === cityOrgId)?.status ?? "draft";
    const expected = (entries: typeof cohort) => {
      const counts = new Map<string, number>();
      for (const e of entries) counts.set(statusOf(e.cityOrgId), (counts.get(statusOf(e.cityOrgId)) ?? 0) + 1);
      return Object.fromEntries(counts);
    };
    const countsFor = async (email: string) => Object.fromEntries(((await (await signIn(email)).load(campaignPage, "/campaigns/pilot-2026", { slug: "pilot-2026" })).body as Awaited<ReturnType<typeof campaignPage.loader>>).statusCounts);
    expect(await countsFor("ministry.analyst@zhiping.demo")).toEqual(expected(cohort));
    const zhongcheng = await orgId("zhongcheng-eval");
    expect(await countsFor("lead@zhongcheng.demo")).toEqual(expected(cohort.filter((c) => c.agencyOrgId === zhongcheng || c.secondAgencyOrgId === zhongcheng)));
    expect(Object.keys(await countsFor("ministry.analyst@zhiping.demo")).length).toBeGreaterThan(2);

    // Each city's completion, counted from what is stored; the agency's queue shows the same.
    const rows = ((await (await signIn("ministry.analyst@zhiping.demo")).load(campaignPage, "/campaigns/pilot-2026", { slug: "pilot-2026" })).body as Awaited<ReturnType<typeof campaignPage.loader>>).cohort;
    const cityFilled = new Set(frameworkIndicators(getFramework(demo!.frameworkRef)).filter((i) => !isSurveySourced(i)).map((i) => i.code));
    const filledIn = async (submissionId: string | null) =>
      submissionId ? (await database.db.select().from(indicatorValue).where(and(eq(indicatorValue.submissionId, submissionId), isNotNull(indicatorValue.value)))).filter((v) => cityFilled.has(v.indicatorCode)).length : 0;
    for (const r of rows) expect(r.progress.filled, r.cityName).toBe(await filledIn(r.submissionId));
    expect(new Set(rows.map((r) => r.progress.filled)).size).toBeGreaterThan(1); // the draft is half filled
    const queue = ((await (await signIn("lead@zhongcheng.demo")).load(dashboard, "/dashboard")).body as Awaited<ReturnType<typeof dashboard.loader>>).queue;
    for (const q of queue) expect(q.progress, q.divisionCode).toEqual(rows.find((r) => r.divisionCode === q.divisionCode)!.progress);
  });
});
