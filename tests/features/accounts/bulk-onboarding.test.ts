import ExcelJS from "exceljs";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitation, onboardingImport, organization, orgProfile, outbox } from "../../../db/schema";
import * as onboardingPage from "../../../app/routes/admin.onboarding";
import * as templateRoute from "../../../app/routes/admin.onboarding.template[.]csv";
import { createOrganizationWithAdmin } from "../../../app/features/accounts/index.server";
import { deliverEmailJob } from "../../../app/features/notifications/index.server";
import { resetEnv } from "../../../app/platform/env.server";
import { EMAIL_API_URL, emailApi } from "../../mocks/email-api";
import { formatCsv } from "../../../indicators";
import { signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { until } from "../../helpers/until";

const HEADER = ["类型", "名称", "英文名称", "行政区划代码", "省份", "地区", "城市等级", "人口", "联系人邮箱"];
const csvFile = (rows: string[][], name = "towns.csv") => new File([`\ufeff${formatCsv(rows)}`], name, { type: "text/csv" });
const form = (file: File) => {
  const body = new FormData();
  body.set("file", file);
  return body;
};
type CheckAnswer = { problems: { count: number; shown: { row: number; column: string; message: string }[] } | null; checked: { id: string; organizations: number; invitations: number; byKind: Record<string, number> } | null };

/** `count` towns of Anhui (34xxxx) and Hubei (42xxxx) with codes no demo city uses, two contacts each for every tenth. */
function towns(count: number, start = 0): string[][] {
  return Array.from({ length: count }, (_, k) => {
    const n = start + k;
    const prefix = n % 2 ? "42" : "34";
    const code = `${prefix}${String(9000 - n).padStart(4, "0")}`;
    const contacts = n % 10 === 0 ? `head${n}@town.example.cn；deputy${n}@town.example.cn` : `head${n}@town.example.cn`;
    return ["试点城市", `测试镇${n}`, `Test Town ${n}`, code, "", "", "", String(10_000 + n), contacts];
  });
}


describe.each(DRIVERS)("bulk onboarding on %s", (driver) => {
  const database = useApp(driver);
  const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(organization))[0]!.n;

  it("refuses a bad file with every problem on its row and column, and creates or keeps nothing", async () => {
    const admin = await signIn("admin@zhiping.demo");
    const before = await count();
    const rows = [
      HEADER,
      ["试点城市", "好镇", "", "340199", "", "", "", "", "a@good.example.cn"],
      ["县城", "某县", "", "340198", "", "", "", "", "b@x.cn"],
      ["试点城市", "短码镇", "", "34019", "", "", "", "", "c@x.cn"],
      ["试点城市", "无省镇", "", "990101", "", "", "", "", "d@x.cn"],
      ["试点城市", "错省镇", "", "340197", "湖北省", "", "", "", "e@x.cn"],
      ["试点城市", "好镇", "", "340196", "", "", "", "", "f@x.cn"],
      ["试点城市", "武汉市", "", "340195", "", "", "", "", "g@x.cn"],
      ["试点城市", "邮箱镇", "", "340194", "", "", "", "", "not-an-address"],
      ["第三方评估机构", "某评估中心", "", "110101", "", "", "", "", "h@x.cn"],
      ["试点城市", "人口镇", "", "340193", "", "", "", "-5", "i@x.cn"],
      ["试点城市", "重码镇", "", "420100", "", "", "", "", "j@x.cn"],
      ["试点城市", "", "", "340192", "", "", "", "", ""],
    ];
    const answer = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(csvFile(rows)));
    expect(answer.status).toBe(400);
    const { problems } = answer.body as CheckAnswer;
    const at = (row: number, column: string) => problems!.shown.filter((p) => p.row === row && p.column === column).map((p) => p.message);
    expect(at(3, "类型")).toEqual(["类型“县城”无法识别；应为“试点城市”“第三方评估机构”或“主管部门”。"]);
    expect(at(4, "行政区划代码")).toEqual(["行政区划代码应为 6 位数字（GB/T 2260），实际为“34019”。"]);
    expect(at(5, "行政区划代码")).toEqual(["行政区划代码 990101 的前两位 99 不是任何省级行政区的代码。"]);
    expect(at(6, "省份")).toEqual(["行政区划代码 340197 属于安徽省，但省份填写为“湖北省”。"]);
    expect(at(7, "名称")).toEqual(["与第 2 行重复。"]);
    expect(at(8, "名称")).toEqual(["已存在同名组织：武汉市。"]);
    expect(at(9, "联系人邮箱")).toEqual(["“not-an-address”不是有效的电子邮箱地址。"]);
    expect(at(10, "行政区划代码")).toEqual(["只有城市有行政区划代码；评估机构和主管部门请留空。"]);
    expect(at(11, "人口")).toEqual(["人口应为正整数，实际为“-5”。"]);
    expect(at(12, "行政区划代码")).toEqual(["行政区划代码 420100 已被 武汉市 使用。"]);
    expect(at(13, "名称")).toEqual(["必填，不能为空。"]);
    expect(at(13, "联系人邮箱")).toEqual(["必填，不能为空。"]);
    expect(problems!.shown.some((p) => p.row === 2)).toBe(false);
    expect(problems!.count).toBe(problems!.shown.length);
    expect(await count()).toBe(before);
    expect(await database.db.select().from(onboardingImport)).toEqual([]);

    // A header that is not the template's is named, column by column.
    const badHeader = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(csvFile([["类型", "名字", "联系人邮箱"], ["试点城市", "甲镇", "a@b.cn"]])));
    expect((badHeader.body as CheckAnswer).problems!.shown.map((p) => [p.row, p.column, p.message])).toEqual([
      [1, "", "表头第 2 列“名字”不是模板中的列；可用的列为：类型、名称、英文名称、行政区划代码、省份、地区、城市等级、人口、联系人邮箱。"],
      [1, "名称", "缺少必需的列。"],
    ]);
    // Not a spreadsheet at all.
    const pdf = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(new File(["%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"], "towns.pdf")));
    expect(pdf.status).toBe(400);
    expect(await count()).toBe(before);
  }, 120_000);

  it("creates every organisation of a checked XLSX file, with its invitations and their e-mails, only once confirmed; a second confirmation is refused", async () => {
    const admin = await signIn("admin@zhiping.demo");
    const before = await count();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("orgs");
    // English headers in another order, an English province name and an agency.
    sheet.addRow(["Name", "Kind", "Division code", "Province", "Contact e-mails", "Tier"]);
    for (const [, name, , code, , , , , contacts] of towns(1200)) sheet.addRow([name, "city", code, "", contacts, "Tier 5"]);
    sheet.addRow(["江淮评估中心", "agency", "", "", "lead@jianghuai.example.cn", ""]);
    sheet.addRow(["合肥示范镇", "town", "340188", "Anhui", "hf@town.example.cn", ""]);
    const file = new File([await workbook.xlsx.writeBuffer()], "towns.xlsx");

    const checked = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(file));
    expect(checked.status).toBe(200);
    const summary = (checked.body as CheckAnswer).checked!;
    expect(summary).toMatchObject({ organizations: 1202, invitations: 1200 + 120 + 2, byKind: { city: 1201, agency: 1 } });
    expect(await count()).toBe(before);

    const confirmed = await admin.act(onboardingPage, "/admin/onboarding?intent=confirm", { importId: summary.id });
    expect(confirmed.status).toBe(200);
    await until("the onboarding job", async () => (await database.db.select().from(onboardingImport).where(eq(onboardingImport.id, summary.id)))[0]!.status === "done");
    const [done] = await database.db.select().from(onboardingImport).where(eq(onboardingImport.id, summary.id));
    expect(done).toMatchObject({ status: "done", done: 1202, problems: null });
    expect(await count()).toBe(before + 1202);

    const [town] = await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, "428999"));
    // The province and region follow from the code; the English tier is recorded by its Chinese name.
    expect(town).toMatchObject({ kind: "city", province: "湖北省", region: "华中", tier: "五线" });
    const [hefei] = await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, "340188"));
    expect(hefei).toMatchObject({ province: "安徽省", region: "华东" });
    const [agency] = await database.db.select({ id: organization.id, kind: orgProfile.kind, code: orgProfile.divisionCode }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(eq(organization.name, "江淮评估中心"));
    expect(agency).toMatchObject({ kind: "agency", code: null });
    const invitations = await database.db.select().from(invitation).where(eq(invitation.inviterId, (await database.db.select({ id: onboardingImport.requestedBy }).from(onboardingImport).where(eq(onboardingImport.id, summary.id)))[0]!.id));
    const ours = invitations.filter((i) => /town\.example\.cn|jianghuai/.test(i.email));
    expect(ours).toHaveLength(1322);
    expect(new Set(ours.map((i) => i.role))).toEqual(new Set(["city_approver", "agency_lead"]));
    const [agencyInvite] = ours.filter((i) => i.organizationId === agency!.id);
    expect(agencyInvite).toMatchObject({ email: "lead@jianghuai.example.cn", role: "agency_lead", status: "pending" });
    const mails = await database.db.select().from(outbox).where(inArray(outbox.to, ["deputy0@town.example.cn", "lead@jianghuai.example.cn"]));
    expect(mails).toHaveLength(2);
    // No e-mail API in tests: the invitations wait in the outbox, each with its link.
    for (const mail of mails) expect(mail).toMatchObject({ kind: "invitation", status: "outbox" });
    expect(mails.find((m) => m.to === "lead@jianghuai.example.cn")!.text).toContain(`/invitations/${agencyInvite!.id}`);

    const again = await admin.act(onboardingPage, "/admin/onboarding?intent=confirm", { importId: summary.id });
    expect(again.status).toBe(409);
    expect((again.body as CheckAnswer).problems!.shown[0]!.message).toBe("该文件当前状态为“已完成”，不能再次确认；请重新上传。");
    expect(await count()).toBe(before + 1202);

    const page = await admin.load(onboardingPage, "/admin/onboarding");
    expect((page.body as { imports: { id: string; status: string; done: number }[] }).imports[0]).toMatchObject({ id: summary.id, status: "done", done: 1202 });
  }, 180_000);

  it("checks a confirmed file again: an organisation created since the check fails the whole file, naming the row", async () => {
    const admin = await signIn("admin@zhiping.demo");
    const before = await count();
    const checked = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(csvFile([HEADER, ...towns(30, 5000)])));
    const summary = (checked.body as CheckAnswer).checked!;
    expect(summary.organizations).toBe(30);
    const clash = towns(30, 5000)[17]!;
    const created = await createOrganizationWithAdmin(database.db, { kind: "city", name: clash[1]!, divisionCode: clash[3]!, adminEmail: "someone@else.example.cn" }, { id: (await database.db.select({ id: onboardingImport.requestedBy }).from(onboardingImport).where(eq(onboardingImport.id, summary.id)))[0]!.id, name: "平台管理员" }, "http://localhost:3000");
    expect(created.ok).toBe(true);

    expect((await admin.act(onboardingPage, "/admin/onboarding?intent=confirm", { importId: summary.id })).status).toBe(200);
    await until("the onboarding job", async () => (await database.db.select().from(onboardingImport).where(eq(onboardingImport.id, summary.id)))[0]!.status !== "running");
    const page = await admin.load(onboardingPage, "/admin/onboarding");
    const shown = (page.body as { imports: { id: string; status: string; problems: CheckAnswer["problems"] }[] }).imports.find((i) => i.id === summary.id)!;
    expect(shown.status).toBe("failed");
    expect(shown.problems!.shown.map((p) => [p.row, p.column, p.message])).toEqual([
      [19, "名称", `已存在同名组织：${clash[1]}。`],
      [19, "行政区划代码", `行政区划代码 ${clash[3]} 已被 ${clash[1]} 使用。`],
    ]);
    expect(await count()).toBe(before + 1);
  }, 120_000);

  it("is for platform admins only, and the template reads as a file the checker accepts", async () => {
    const ministry = await signIn("ministry.admin@zhiping.demo");
    expect((await ministry.load(onboardingPage, "/admin/onboarding")).status).toBe(403);
    expect((await ministry.send(onboardingPage, "/admin/onboarding?intent=check", form(csvFile([HEADER, ...towns(1, 7000)])))).status).toBe(403);
    expect((await ministry.load(templateRoute, "/admin/onboarding/template.csv")).status).toBe(403);

    const admin = await signIn("admin@zhiping.demo");
    expect((await admin.act(onboardingPage, "/admin/onboarding", { importId: "x" })).status).toBe(400);
    const template = await admin.load(templateRoute, "/admin/onboarding/template.csv");
    expect(template.status).toBe(200);
    const bytes = new Uint8Array(await template.response!.arrayBuffer());
    const checked = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(new File([bytes], "template.csv")));
    expect((checked.body as CheckAnswer).checked).toMatchObject({ organizations: 2, invitations: 3, byKind: { city: 1, agency: 1 } });
  }, 60_000);

  describe("with an e-mail API", () => {
    const mail = emailApi();
    beforeAll(() => {
      mail.server.listen({ onUnhandledRequest: "bypass" });
      process.env.EMAIL_API_URL = EMAIL_API_URL;
      resetEnv();
    });
    afterAll(() => {
      mail.server.close();
      delete process.env.EMAIL_API_URL;
      resetEnv();
    });

    it("queues the invitations and the workers deliver each once; a failed delivery is retried, and recorded as failed only on its last attempt", async () => {
      const admin = await signIn("admin@zhiping.demo");
      const rows = towns(4, 8000);
      const checked = await admin.send(onboardingPage, "/admin/onboarding?intent=check", form(csvFile([HEADER, ...rows])));
      const summary = (checked.body as CheckAnswer).checked!;
      expect((await admin.act(onboardingPage, "/admin/onboarding?intent=confirm", { importId: summary.id })).status).toBe(200);
      const addresses = rows.flatMap((r) => r[8]!.split("；"));
      expect(addresses).toHaveLength(5);
      const statuses = async () => (await database.db.select({ to: outbox.to, status: outbox.status }).from(outbox).where(inArray(outbox.to, addresses))).map((m) => m.status);
      await until("the invitations delivered", async () => (await statuses()).length === 5 && (await statuses()).every((s) => s === "sent"));
      expect(mail.sent.filter((m) => addresses.includes(m.to)).map((m) => m.to).sort()).toEqual([...addresses].sort());

      // One message, its delivery failing: retried while attempts remain, then recorded as failed.
      const [queued] = await database.db.insert(outbox).values({ id: "retry-me", to: "x@y.cn", subject: "s", text: "t", kind: "invitation", status: "queued" }).returning();
      mail.fail(503);
      await expect(deliverEmailJob.run({ outboxId: queued!.id }, { jobId: "j", retryCount: 0, finalAttempt: false })).rejects.toThrow(/HTTP 503/);
      expect((await database.db.select().from(outbox).where(eq(outbox.id, "retry-me")))[0]).toMatchObject({ status: "queued", error: null });
      await deliverEmailJob.run({ outboxId: queued!.id }, { jobId: "j", retryCount: 5, finalAttempt: true });
      expect((await database.db.select().from(outbox).where(eq(outbox.id, "retry-me")))[0]).toMatchObject({ status: "failed", error: "HTTP 503: provider down" });
      mail.fail(null);
      // Delivered or failed is final: a late duplicate attempt sends nothing.
      const sentBefore = mail.sent.length;
      await deliverEmailJob.run({ outboxId: queued!.id }, { jobId: "j", retryCount: 0, finalAttempt: false });
      expect(mail.sent.length).toBe(sentBefore);
    }, 120_000);
  });
});
