import { createHash } from "node:crypto";
import { resetEnv } from "../../../app/platform/env.server";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { auditEvent, campaign, evidence, evidenceVerdict, submission, type EvidenceVerdict } from "../../../db/schema";
import * as page from "../../../app/routes/campaigns.$slug.cities.$code._index/route";
import * as evidenceRoute from "../../../app/routes/campaigns.$slug.cities.$code.evidence";
import * as download from "../../../app/routes/campaigns.$slug.cities.$code.evidence.$id";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import { evidenceStatus } from "../../../app/features/reports/index.server";
import { s3Storage, setStorage } from "../../../app/platform/storage.server";
import { Client, startApp, signIn } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { S3_BUCKET, S3_ENDPOINT, s3Api } from "../../mocks/s3-api";
import { completeSubmission } from "../../helpers/submissions";

const s3 = s3Api();
beforeAll(() => {
  s3.server.listen({ onUnhandledRequest: "error" });
  // Evidence goes to the S3-compatible store, as when several app instances share it.
  setStorage(s3Storage({ bucket: S3_BUCKET, endpoint: S3_ENDPOINT, region: "cn-north-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }));
});
afterAll(() => s3.server.close());

const HZ = { slug: "pilot-2026", code: "330100" };
const base = "/campaigns/pilot-2026/cities/330100";
type PageData = Awaited<ReturnType<typeof page.loader>>;

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
/** A Windows executable's first bytes (DOS header + PE signature), whatever it is called. */
const EXE = (() => {
  const b = new Uint8Array(512);
  b.set([0x4d, 0x5a]); // MZ
  b[0x3c] = 0x80;
  b.set([0x50, 0x45, 0, 0], 0x80); // PE\0\0
  return b;
})();

function upload(file: Uint8Array<ArrayBuffer>, name: string, indicator = "CE1.1") {
  const body = new FormData();
  body.set("intent", "upload");
  body.set("indicator", indicator);
  body.set("file", new File([file], name));
  return body;
}

const fields = (entries: Record<string, string>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(entries)) body.set(k, v);
  return body;
};

describe.each(DRIVERS)("evidence on %s", (driver) => {
  let database: Database;
  let campaignId: string;
  beforeAll(async () => {
    database = await startApp(driver);
    campaignId = (await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026")))[0]!.id;
  });
  afterAll(() => database.close());

  const rows = () => database.db.select().from(evidence);
  const evidenceOf = async (client: Client) => ((await client.load(page, base, HZ)).body as PageData).page.evidence;

  it("a city editor uploads a PDF: typed by content, stored under its SHA-256, listed, downloadable as an attachment, audited", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const stored = await editor.send(evidenceRoute, `${base}/evidence`, upload(PDF, "年度报告.pdf"), HZ);
    expect(stored).toMatchObject({ status: 200, body: { ok: true } });
    const sha = createHash("sha256").update(PDF).digest("hex");
    const [sub] = await database.db.select().from(submission);
    const key = `evidence/${campaignId}/${sub!.id}/${sha}`;
    expect(s3.objects.get(key)?.contentType).toBe("application/pdf");

    const [item] = await evidenceOf(editor);
    expect(item).toMatchObject({ indicatorCode: "CE1.1", kind: "file", name: "年度报告.pdf", contentType: "application/pdf", size: PDF.length, sha256: sha, uploadedBy: "杭州市填报员" });
    const file = await editor.load(download, `${base}/evidence/${item!.id}`, { ...HZ, id: item!.id });
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.response!.arrayBuffer())).toEqual(PDF);
    expect(file.response!.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("年度报告.pdf")}`);
    expect(file.response!.headers.get("x-content-type-options")).toBe("nosniff");

    const audit = await database.db.select().from(auditEvent).where(and(eq(auditEvent.campaignId, campaignId), eq(auditEvent.action, "evidence.added")));
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ code: "CE1.1", name: "年度报告.pdf", sha256: sha, size: PDF.length })]);
    expect((await verifyAuditChain(database.db, campaignId)).ok).toBe(true);
  });

  it("refuses a renamed executable, an oversize file and an empty file with a clear message, storing nothing", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const before = { rows: (await rows()).length, objects: s3.objects.size };
    const exe = await editor.send(evidenceRoute, `${base}/evidence`, upload(EXE, "统计公报.pdf"), HZ);
    expect(exe).toMatchObject({ status: 400, body: { ok: false, error: expect.stringMatching(/^按文件内容识别，“统计公报\.pdf”是 application\/x-msdownload（\.exe），与文件名无关/) } });
    const empty = await editor.send(evidenceRoute, `${base}/evidence`, upload(new Uint8Array(0), "空.pdf"), HZ);
    expect(empty).toMatchObject({ status: 400, body: { error: "“空.pdf”是空文件（0 字节）。" } });
    process.env.EVIDENCE_MAX_BYTES = "1024";
    resetEnv();
    try {
      const big = new Uint8Array(4096);
      big.set(PDF);
      const oversize = await editor.send(evidenceRoute, `${base}/evidence`, upload(big, "大文件.pdf"), HZ);
      expect(oversize).toMatchObject({ status: 413, body: { ok: false, error: "文件超过上限 1.0 KB。" } });
    } finally {
      delete process.env.EVIDENCE_MAX_BYTES;
      resetEnv();
    }
    const text = await editor.send(evidenceRoute, `${base}/evidence`, upload(new TextEncoder().encode("just some notes"), "notes.txt"), HZ);
    expect(text).toMatchObject({ status: 400, body: { error: "按文件内容识别，“notes.txt”不是可接受的证据文件类型；可接受：PDF, PNG, JPEG, WebP, XLSX, DOCX, CSV。" } });
    const wrongIndicator = await editor.send(evidenceRoute, `${base}/evidence`, upload(PDF, "a.pdf", "XX9.9"), HZ);
    expect(wrongIndicator).toMatchObject({ status: 400, body: { error: "“XX9.9”不是评估框架 zhiping-pilot@1.2.0 的指标" } });
    expect({ rows: (await rows()).length, objects: s3.objects.size }).toEqual(before);
  });

  it("accepts XLSX by content and CSV in UTF-8 or GBK; links must be http(s)", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("数据").addRow(["部门", "共享接口数"]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await editor.send(evidenceRoute, `${base}/evidence`, upload(xlsx, "接口清单.xlsx", "DS1.1"), HZ)).toMatchObject({ status: 200 });
    const gbk = new Uint8Array(iconv.encode("部门,共享接口数\r\n公安局,12\r\n", "gbk"));
    expect(await editor.send(evidenceRoute, `${base}/evidence`, upload(gbk, "接口.csv", "DS1.1"), HZ)).toMatchObject({ status: 200 });
    const types = (await evidenceOf(editor)).filter((e) => e.indicatorCode === "DS1.1").map((e) => e.contentType);
    expect(types).toEqual(["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"]);

    const bad = await editor.send(evidenceRoute, `${base}/evidence`, fields({ intent: "link", indicator: "CE1.1", url: "javascript:alert(1)" }), HZ);
    expect(bad).toMatchObject({ status: 400, body: { error: "链接须以 https:// 或 http:// 开头（实际为 javascript:）。" } });
    const link = await editor.send(evidenceRoute, `${base}/evidence`, fields({ intent: "link", indicator: "CE1.1", url: "https://data.hangzhou.gov.cn/open", title: "杭州公共数据开放平台" }), HZ);
    expect(link).toMatchObject({ status: 200 });
    const listed = await evidenceOf(editor);
    expect(listed.find((e) => e.kind === "link")).toMatchObject({ name: "杭州公共数据开放平台", url: "https://data.hangzhou.gov.cn/open" });

    const removed = await editor.send(evidenceRoute, `${base}/evidence`, fields({ intent: "remove", indicator: "CE1.1", evidence: listed.find((e) => e.kind === "link")!.id }), HZ);
    expect(removed.status).toBe(200);
    expect((await evidenceOf(editor)).some((e) => e.kind === "link")).toBe(false);
    // Withdrawn, not erased: the row stays for the audit trail.
    expect((await rows()).filter((r) => r.kind === "link" && r.removedAt)).toHaveLength(1);
  });

  it("only the city's editors change evidence; whoever may read the city downloads it", async () => {
    const [item] = await evidenceOf(await signIn("editor.330100@zhiping.demo"));
    const before = (await rows()).length;
    for (const email of ["editor.640100@zhiping.demo", "assessor@huaxin.demo", "ministry.admin@zhiping.demo", "admin@zhiping.demo"]) {
      const client = await signIn(email);
      expect((await client.send(evidenceRoute, `${base}/evidence`, upload(PDF, "x.pdf"), HZ)).status, email).toBe(403);
      expect((await client.send(evidenceRoute, `${base}/evidence`, fields({ intent: "remove", evidence: item!.id }), HZ)).status, email).toBe(403);
    }
    expect((await rows()).length).toBe(before);
    const get = async (email: string) => (await (await signIn(email)).load(download, `${base}/evidence/${item!.id}`, { ...HZ, id: item!.id })).status;
    expect(await get("editor.640100@zhiping.demo")).toBe(403);
    expect(await get("admin@zhiping.demo")).toBe(403);
    expect(await get("assessor@huaxin.demo")).toBe(200);
    expect(await get("ministry.analyst@zhiping.demo")).toBe(200);
    // Another city's evidence ID through this city's URL is not found.
    expect((await (await signIn("editor.330100@zhiping.demo")).load(download, `${base}/evidence/nope`, { ...HZ, id: "nope" })).status).toBe(404);
  });

  it("evidence locks with the submission; assessors judge it in review, with a reason unless sufficient", async () => {
    const editor = await signIn("editor.330100@zhiping.demo");
    const approver = await signIn("approver.330100@zhiping.demo");
    const lead = await signIn("lead@huaxin.demo");
    const version = async () => (await database.db.select().from(submission))[0]!.version;
    await completeSubmission(database.db, "pilot-2026", "330100");
    expect((await approver.act(page, base, { intent: "submit", version: String(await version()) }, HZ)).status).toBe(200);
    const locked = await editor.send(evidenceRoute, `${base}/evidence`, upload(PDF, "late.pdf"), HZ);
    expect(locked).toMatchObject({ status: 409, body: { error: "当前状态为“已提交”，只有草稿或退回修改的提交才能更改。" } });
    expect((await lead.act(page, base, { intent: "startReview", version: String(await version()) }, HZ)).status).toBe(200);

    const items = await evidenceOf(lead);
    const pdf = items.find((e) => e.indicatorCode === "CE1.1")!;
    const csv = items.find((e) => e.contentType === "text/csv")!;
    const noReason = await lead.act(page, base, { intent: "review", version: String(await version()), [`ev:${pdf.id}`]: "sufficient", [`ev:${csv.id}`]: "insufficient", [`evn:${csv.id}`]: csv.name, "d:CE1.1": "accepted" }, HZ);
    expect(noReason).toMatchObject({ status: 400, body: { error: `${csv.name}：请说明证据不充分的理由` } });
    expect(await database.db.select().from(evidenceVerdict)).toHaveLength(0);

    const judged = await lead.act(page, base, { intent: "review", version: String(await version()), [`ev:${pdf.id}`]: "sufficient", [`ev:${csv.id}`]: "insufficient", [`evc:${csv.id}`]: "只有一个部门的数据" }, HZ);
    expect(judged.status).toBe(200);
    const after = await evidenceOf(lead);
    expect(after.find((e) => e.id === pdf.id)!.verdict).toEqual({ verdict: "sufficient", comment: "" });
    expect(after.find((e) => e.id === csv.id)!.verdict).toEqual({ verdict: "insufficient", comment: "只有一个部门的数据" });
    // The city sees its primary assessor's verdicts.
    expect((await evidenceOf(editor)).find((e) => e.id === csv.id)!.verdict?.verdict).toBe("insufficient");
    const audit = await database.db.select().from(auditEvent).where(and(eq(auditEvent.campaignId, campaignId), eq(auditEvent.action, "evidence.judged")));
    expect(audit).toHaveLength(2);
    expect((await verifyAuditChain(database.db, campaignId)).ok).toBe(true);
  });
});

describe("evidence status in reports", () => {
  it("is sufficient when any piece is, insufficient when all are judged and none is, missing when required and absent", () => {
    const v = (verdict: EvidenceVerdict | null) => ({ verdict: verdict ? { verdict, comment: "" } : null });
    expect(evidenceStatus(true, [])).toBe("missing");
    expect(evidenceStatus(false, [])).toBe("not-required");
    expect(evidenceStatus(true, [v("insufficient"), v("sufficient")])).toBe("sufficient");
    expect(evidenceStatus(true, [v("insufficient"), v("not_relevant")])).toBe("insufficient");
    expect(evidenceStatus(true, [v("insufficient"), v(null)])).toBe("not-assessed");
  });
});
