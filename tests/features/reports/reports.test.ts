import { createHash } from "node:crypto";
import { reportId as computeReportId } from "../../../reports/report-id";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopJobQueue } from "../../../app/platform/jobs/queue.server";
import type { Database } from "../../../db/client";
import { campaign, orgProfile, reportBatch } from "../../../db/schema";
import * as cityReportRoute from "../../../app/routes/campaigns.$slug.cities.$code.report";
import * as cohortReportRoute from "../../../app/routes/campaigns.$slug.report";
import * as batchPage from "../../../app/routes/campaigns.$slug.reports._index";
import * as batchZipRoute from "../../../app/routes/campaigns.$slug.reports.$batchId.zip";
import * as verifyPage from "../../../app/routes/verify.$id";
import { cityReportData, cohortReportData } from "../../../app/features/reports/index.server";
import { cityReportPdf, verifyReport } from "../../../app/features/reports/index.server";
import { campaignStanding } from "../../../app/features/results/index.server";
import { buildCityReport } from "../../../reports/index";
import { Client, startAppWithActivity, signIn } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { pdfFonts, pdfInfo, pdfText, renderFirstPage } from "../../helpers/pdf-tools";

process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), "zhiping-reports-"));

const squeeze = (text: string) => text.replace(/\s+/g, "");

describe.each(DRIVERS)("PDF reports on %s", (driver) => {
  let database: Database;
  let campaignId: string;
  let cityId: (code: string) => Promise<string>;
  beforeAll(async () => {
    // The run's shared copy of the demo after its activity.
    database = await startAppWithActivity(driver);
    campaignId = (await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026")))[0]!.id;
    cityId = async (code) => (await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, code)))[0]!.organizationId;
  });
  afterAll(async () => {
    await stopJobQueue();
    await database.close();
  });

  it("a city report shows the city, the engine's scores and ranks, the hash, and renders", async () => {
    const standing = (await campaignStanding(database.db, campaignId))!;
    const hangzhou = await cityId("330100");
    const u = standing.scored.unitCodes.indexOf(hangzhou);
    const { pdf, pages } = await cityReportPdf(database.db, campaignId, hangzhou, "zh");
    const text = squeeze(pdfText(pdf));
    expect(text).toContain("杭州市");
    // Summary boxes: overall score, then rank of N.
    expect(text).toContain(`${standing.scored.scores.Index![u]!.toFixed(1)}第${standing.scored.ranks.Index![u]}名/共${standing.scored.unitCodes.length}个`);
    for (const dim of ["CE", "DS", "OP"]) expect(text).toContain(`${dim}`);
    expect(text).toContain(`${standing.scored.scores.DS![u]!.toFixed(1)}`);
    expect(text).toContain(standing.latest.hash);
    expect(text).toMatch(/ZP-330100-[0-9A-F]{12}/);
    expect(text).toContain(`第${pages}页/共${pages}页`);
    // The data-quality section: the file 武汉 also attached, resolved before sign-off, without naming 武汉.
    const quality = (await cityReportData(database.db, campaignId, hangzhou, "zh")).quality!;
    expect(quality).toMatchObject({ resolved: quality.total, open: 0 });
    // The data-quality line counts the city's declarations (the demo declares every value).
    expect(quality.declaration).toMatch(/^数据质量声明：实测 \d+.*；未声明 0 项$/);
    expect(text).toContain(squeeze(quality.declaration));
    expect(quality.items.map((i) => i.check)).toContain("证据文件与他市相同");
    expect(text).toContain(squeeze(`共提示 ${quality.total} 条：已处理 ${quality.total} 条`));
    expect(quality.items.find((i) => i.check === "证据文件与他市相同")!.why).toContain("与本批次另外 1 个城市提交的文件完全相同");
    expect(text).not.toContain("武汉");

    const info = pdfInfo(pdf);
    expect(Number(info.Pages)).toBe(pages);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(info.Title).toContain("杭州市");
    expect(info.Author).toBe("华信第三方评估中心（演示）");
    expect(pdf.length).toBeLessThan(1_000_000);
    // Embedded and subsetted CJK font (name prefixed ABCDEF+), nothing taken from the system.
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(fonts.split("\n").slice(2).filter(Boolean).every((line) => /yes\s+yes/.test(line))).toBe(true);

    const png = renderFirstPage(pdf);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(5_000);
  });

  it("is deterministic: the same result gives byte-identical PDFs; the English edition is in English", async () => {
    const hangzhou = await cityId("330100");
    const data = await cityReportData(database.db, campaignId, hangzhou, "zh");
    const first = await buildCityReport(data);
    const again = await buildCityReport(JSON.parse(JSON.stringify(data)));
    expect(Buffer.compare(first.pdf, again.pdf)).toBe(0);
    const english = pdfText((await cityReportPdf(database.db, campaignId, hangzhou, "en")).pdf);
    expect(english).toContain("Overall score");
    expect(english).toContain("Hangzhou");
  });

  it("the cohort report ranks every signed-off city and lists the others as pending", async () => {
    const standing = (await campaignStanding(database.db, campaignId))!;
    const data = await cohortReportData(database.db, campaignId, "zh");
    expect(data.cities).toHaveLength(standing.scored.unitCodes.length);
    expect(data.pending.map((p) => p.code).sort()).toEqual(["340100", "360100", "420100", "430100"]);
    const { pdf } = await (await import("../../../reports/index")).buildCohortReport(data);
    const text = squeeze(pdfText(pdf));
    const best = data.cities.find((c) => c.rank === 1)!;
    expect(text).toContain(`1${best.name.zh}${best.score!.toFixed(1)}`);
    expect(text).toContain("未签发（不参与排名）");
    // Flags per city: 武汉's outlier and shared file are still with its assessor.
    const wuhan = data.quality!.cities.find((c) => c.code === "420100")!;
    expect(wuhan.total).toBeGreaterThan(wuhan.resolved);
    expect(data.quality!.total).toBe(data.quality!.cities.reduce((n, c) => n + c.total, 0));
    expect(text).toContain("数据质量");
  });

  it("verification: genuine for a real ID and hash, not genuine when either is altered", async () => {
    const data = await cityReportData(database.db, campaignId, await cityId("330100"), "zh");
    const { reportId, resultHash } = data.verification;
    expect(await verifyReport(database.db, reportId, resultHash)).toMatchObject({ genuine: true, cityCode: "330100", supersededBy: 0 });
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "0" ? "1" : "0") + s.slice(i + 1);
    expect(await verifyReport(database.db, flip(reportId, reportId.length - 1), resultHash)).toMatchObject({ genuine: false });
    expect(await verifyReport(database.db, reportId, flip(resultHash, 5))).toMatchObject({ genuine: false, reason: "unknown-hash" });
    // Another city's ID with this hash is not this report.
    expect(await verifyReport(database.db, reportId.replace("330100", "640100"), resultHash)).toMatchObject({ genuine: false });
    // Holding 杭州's report (its hash is the cohort's) does not let anyone compute 银川's ID and ask whether 银川 was signed off:
    // IDs are keyed with the installation's secret, which no report shows.
    const yinchuan = await cityReportData(database.db, campaignId, await cityId("640100"), "zh");
    expect(yinchuan.verification.resultHash).toBe(resultHash);
    expect(await verifyReport(database.db, yinchuan.verification.reportId, resultHash)).toMatchObject({ genuine: true, cityCode: "640100" });
    for (const guess of ["", "zhiping", resultHash])
      expect(await verifyReport(database.db, computeReportId({ campaignSlug: "pilot-2026", cityCode: "640100", locale: "zh", resultHash }, guess), resultHash)).toMatchObject({ genuine: false });
    const unkeyed = `ZP-640100-${createHash("sha256").update(["zhiping-report/1", "pilot-2026", "640100", "zh", resultHash].join("\n")).digest("hex").slice(0, 12).toUpperCase()}`;
    expect(await verifyReport(database.db, unkeyed, resultHash)).toMatchObject({ genuine: false });

    const anyone = new Client();
    const page = await anyone.load(verifyPage, `/verify/${reportId}?hash=${resultHash}`, { id: reportId });
    expect((page.body as { verdict: { genuine: boolean } }).verdict.genuine).toBe(true);
    const altered = await anyone.load(verifyPage, `/verify/${reportId}?hash=${flip(resultHash, 0)}`, { id: reportId });
    expect((altered.body as { verdict: { genuine: boolean } }).verdict.genuine).toBe(false);
  });

  it("report downloads are checked per role and organization", async () => {
    const city = (code: string) => ["/campaigns/pilot-2026/cities/" + code + "/report", { slug: "pilot-2026", code }] as const;
    const cases: [string, string, number][] = [
      ["editor.330100@zhiping.demo", "330100", 200],
      ["editor.330100@zhiping.demo", "640100", 403],
      ["assessor@huaxin.demo", "330100", 200],
      ["assessor@zhongcheng.demo", "370800", 403],
      ["ministry.analyst@zhiping.demo", "640100", 200],
      ["ministry.analyst@zhiping.demo", "420100", 409], // in review: no report yet
      ["admin@zhiping.demo", "330100", 403],
    ];
    for (const [email, code, status] of cases) {
      const response = await (await signIn(email)).load(cityReportRoute, ...city(code));
      expect(response.status, `${email} → ${code}`).toBe(status);
      if (status === 200) expect(response.response!.headers.get("content-type")).toBe("application/pdf");
    }
    for (const [email, status] of [
      ["ministry.analyst@zhiping.demo", 200],
      ["editor.330100@zhiping.demo", 403],
      ["lead@huaxin.demo", 403],
    ] as const) {
      expect((await (await signIn(email)).load(cohortReportRoute, "/campaigns/pilot-2026/report", { slug: "pilot-2026" })).status, email).toBe(status);
      expect((await (await signIn(email)).load(batchPage, "/campaigns/pilot-2026/reports", { slug: "pilot-2026" })).status, email).toBe(status);
    }
    // Before the ranking is published, the city's and its assessor's editions carry no rank; the ministry's does.
    const rankLine = /第\s*\d+\s*名/;
    const editionOf = async (email: string) => pdfText(new Uint8Array(await (await (await signIn(email)).load(cityReportRoute, ...city("330100"))).response!.arrayBuffer()));
    expect(await editionOf("editor.330100@zhiping.demo")).not.toMatch(rankLine);
    expect(await editionOf("assessor@huaxin.demo")).not.toMatch(rankLine);
    expect(await editionOf("ministry.analyst@zhiping.demo")).toMatch(rankLine);
    const editor = await signIn("editor.330100@zhiping.demo");
    expect((await editor.act(batchPage, "/campaigns/pilot-2026/reports", { lang: "zh" }, { slug: "pilot-2026" })).status).toBe(403);
  });

  it("a batch runs in the background with progress, and its ZIP holds every signed-off city's report and the cohort report", async () => {
    const ministry = await signIn("ministry.admin@zhiping.demo");
    const at = { slug: "pilot-2026" };
    expect((await ministry.act(batchPage, "/campaigns/pilot-2026/reports", { lang: "zh" }, at)).status).toBe(200);
    // Progress is kept in the batch row that the page polls; read it as often as the page would.
    const [started] = await database.db.select().from(reportBatch).where(eq(reportBatch.campaignId, campaignId));
    const seen = new Set<number>();
    for (let i = 0; i < 1200; i++) {
      const [row] = await database.db.select().from(reportBatch).where(eq(reportBatch.id, started!.id));
      seen.add(row!.done);
      if (row!.status !== "running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen.size).toBeGreaterThan(2);
    type Page = { batch: { id: string; status: string; done: number; total: number } | null };
    const batch = ((await ministry.load(batchPage, "/campaigns/pilot-2026/reports", at)).body as Page).batch!;
    expect(batch).toMatchObject({ id: started!.id, status: "done", total: 9, done: 9 });

    const download = await ministry.load(batchZipRoute, `/campaigns/pilot-2026/reports/${batch.id}/zip`, { ...at, batchId: batch.id });
    expect(download.status).toBe(200);
    const files = unzipSync(new Uint8Array(await download.response!.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["110105.pdf", "330100.pdf", "330483.pdf", "370800.pdf", "500112.pdf", "500118.pdf", "520100.pdf", "640100.pdf", "cohort.pdf"]);
    const direct = await cityReportPdf(database.db, campaignId, await cityId("330100"), "zh");
    expect(Buffer.compare(Buffer.from(files["330100.pdf"]!), direct.pdf)).toBe(0);
    const city = await signIn("editor.330100@zhiping.demo");
    expect((await city.load(batchZipRoute, `/campaigns/pilot-2026/reports/${batch.id}/zip`, { ...at, batchId: batch.id })).status).toBe(403);
  });
});
