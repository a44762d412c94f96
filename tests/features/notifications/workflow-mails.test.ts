import { and, eq, inArray } from "drizzle-orm";
import { resetEnv } from "../../../app/platform/env.server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { campaign, campaignCity, member, organization, outbox, user, userSettings } from "../../../db/schema";
import * as page from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import { formatDate } from "../../../app/features/i18n";
import { Client, startApp, signIn } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { EMAIL_API_URL, emailApi } from "../../mocks/email-api";
import { completeSubmission } from "../../helpers/submissions";

const path = "/campaigns/pilot-2026/cities/330100";
const params = { slug: "pilot-2026", code: "330100" };
type PageData = Awaited<ReturnType<typeof page.loader>>;

describe.each(DRIVERS)("workflow e-mails on %s", (driver) => {
  let database: Database;
  const mail = emailApi();
  beforeAll(async () => {
    database = await startApp(driver);
    mail.server.listen({ onUnhandledRequest: "bypass" });
    process.env.EMAIL_API_URL = EMAIL_API_URL;
    resetEnv();
  });
  afterEach(() => mail.fail(null));
  afterAll(async () => {
    delete process.env.EMAIL_API_URL;
    resetEnv();
    mail.server.close();
    await database.close();
  });

  /** Members of these organizations with these roles, as the database has them. */
  async function emailsOf(orgSlugs: string[], roles: string[], except: string) {
    const rows = await database.db
      .selectDistinct({ email: user.email })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(and(inArray(organization.slug, orgSlugs), inArray(member.role, roles)));
    return rows.map((r) => r.email).filter((e) => e !== except).sort();
  }
  const version = async (client: Client) => String(((await client.load(page, path, params)).body as PageData).page.submission.version);
  const sentSince = (n: number) => mail.sent.slice(n);

  it("a submission tells both assessing agencies, each reader in their language, with the link and the review deadline", async () => {
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [hangzhou] = await database.db.select().from(organization).where(eq(organization.slug, "city-330100"));
    const [entry] = await database.db.select().from(campaignCity).where(and(eq(campaignCity.campaignId, pilot!.id), eq(campaignCity.cityOrgId, hangzhou!.id)));
    expect(entry!.secondAgencyOrgId).not.toBeNull(); // both agencies are told
    const [english] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "lead@zhongcheng.demo"));
    await database.db.update(userSettings).set({ locale: "en" }).where(eq(userSettings.userId, english!.id));

    const editor = await signIn("editor.330100@zhiping.demo");
    expect((await editor.act(page, path, { intent: "save", version: "0", "v:CE1.1": "61", "b:CE1.1": "0" }, params)).status).toBe(200);
    expect(mail.sent).toHaveLength(0); // saving a draft tells nobody

    await completeSubmission(database.db, "pilot-2026", "330100");
    const approver = await signIn("approver.330100@zhiping.demo");
    const before = mail.sent.length;
    expect((await approver.act(page, path, { intent: "submit", version: await version(approver) }, params)).status).toBe(200);
    const sent = sentSince(before);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.map((m) => m.to).sort()).toEqual(await emailsOf(["huaxin-eval", "zhongcheng-eval"], ["agency_lead", "agency_assessor"], "approver.330100@zhiping.demo"));
    const chinese = sent.find((m) => m.to === "assessor@huaxin.demo")!;
    expect(chinese.subject).toBe("【智评】杭州市已提交《2026年度智慧城市试点第三方评估》评估材料，待评审");
    expect(chinese.text).toContain(`http://localhost:3000${path}`);
    expect(chinese.text).toContain(`评审截止：${formatDate("zh-CN", pilot!.reviewDeadline)}`);
    expect(chinese.text).toContain("第 1 轮");
    const inEnglish = sent.find((m) => m.to === "lead@zhongcheng.demo")!;
    expect(inEnglish.subject).toMatch(/^\[Zhiping\] Hangzhou submitted its evidence for .+: ready for review$/);
    expect(inEnglish.text).toContain(`Review due: ${formatDate("en", pilot!.reviewDeadline)}`);
  });

  it("a return tells the city's editors and approver what to fix; starting a review tells nobody", async () => {
    const lead = await signIn("lead@huaxin.demo");
    const before = mail.sent.length;
    expect((await lead.act(page, path, { intent: "startReview", version: await version(lead) }, params)).status).toBe(200);
    expect(mail.sent.length).toBe(before);
    const returned = await lead.act(page, path, { intent: "returnForCorrection", version: await version(lead), "d:CE1.1": "returned", "r:CE1.1": "请补充征求意见的回应材料" }, params);
    expect(returned.status).toBe(200);
    const sent = sentSince(before);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.map((m) => m.to).sort()).toEqual(await emailsOf(["city-330100"], ["city_editor", "city_approver"], "lead@huaxin.demo"));
    expect(sent[0]!.subject).toBe("【智评】《2026年度智慧城市试点第三方评估》评估材料被退回修改");
    expect(sent[0]!.text).toMatch(/需要修改：\n- CE1\.1 \S+：请补充征求意见的回应材料\n/);
  });

  it("a provider failure never undoes the transition: the message stays in the outbox as failed", async () => {
    mail.fail(503);
    const approver = await signIn("approver.330100@zhiping.demo");
    const resubmitted = await approver.act(page, path, { intent: "resubmit", version: await version(approver) }, params);
    expect(resubmitted.status).toBe(200);
    expect(((await approver.load(page, path, params)).body as PageData).page.submission.status).toBe("resubmitted");
    const failed = await database.db.select().from(outbox).where(and(eq(outbox.kind, "workflow.resubmit"), eq(outbox.status, "failed")));
    expect(failed.length).toBe((await emailsOf(["huaxin-eval", "zhongcheng-eval"], ["agency_lead", "agency_assessor"], "")).length);
    expect(failed[0]!.error).toContain("HTTP 503");
  });
});
