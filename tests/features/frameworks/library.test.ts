import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { campaign, framework, frameworkEvent, frameworkVersion, organization } from "../../../db/schema";
import { BUNDLED_FRAMEWORKS, flattenFramework, frameworkDigest, frameworkRef, frameworkToIMeta, getFramework, scoreUnits, toEngineInputs, toScoringModel, type Framework } from "../../../indicators";
import { installBundledFrameworks } from "../../../db/bundled-frameworks";
import lock from "../../../indicators/frameworks/published.lock.json";
import { APP_ROLE } from "../../../app/features/access/index.server";
import { exportFramework, readFrameworkFile } from "../../../app/features/frameworks/index.server";
import * as library from "../../../app/routes/frameworks._index/route";
import * as versionPage from "../../../app/routes/frameworks.$id.$version._index/route";
import * as editor from "../../../app/routes/frameworks.$id.$version.edit/route";
import * as exportRoute from "../../../app/routes/frameworks.$id.$version.export";
import * as diffPage from "../../../app/routes/frameworks.diff";
import * as newCampaign from "../../../app/routes/campaigns.new";
import { BASE, signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const pilot = getFramework("zhiping-pilot@1.0.0");
const OWN = { id: "demo-ministry-pilot", version: "1.0.0" };
const OWN_PATH = `/frameworks/${OWN.id}/${OWN.version}`;
/** A refused query: drizzle wraps the database's own message as the cause. */
const refusedWith = async (query: Promise<unknown>, pattern: RegExp) => {
  const error = await query.then(() => null, (e: Error & { cause?: Error }) => e);
  expect(error, "the database accepted it").not.toBeNull();
  expect(`${error!.message} ${error!.cause?.message ?? ""}`).toMatch(pattern);
};
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A multipart upload of one file. */
const upload = (name: string, body: Uint8Array | string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new File([typeof body === "string" ? body : new Uint8Array(body)], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
};

describe.each(DRIVERS)("the framework library on %s", (driver) => {
  const database = useApp(driver);

  it("holds the bundled frameworks by content hash, idempotently, and a published version never changes", async () => {
    const rows = await database.db.select().from(frameworkVersion).where(sql`${frameworkVersion.ref} in ${BUNDLED_FRAMEWORKS.map(frameworkRef)}`);
    expect(Object.fromEntries(rows.map((r) => [r.ref, r.contentHash]))).toEqual(lock);
    for (const r of rows) expect(frameworkDigest(r.document)).toBe(r.contentHash);
    await installBundledFrameworks(database.db);
    expect(await database.db.select().from(frameworkVersion).where(sql`${frameworkVersion.ref} in ${BUNDLED_FRAMEWORKS.map(frameworkRef)}`)).toHaveLength(rows.length);
    await refusedWith(database.db.update(frameworkVersion).set({ status: "draft" }).where(eq(frameworkVersion.ref, "zhiping-pilot@1.0.0")), /published and cannot change/);
    await refusedWith(database.db.delete(frameworkVersion).where(eq(frameworkVersion.ref, "zhiping-pilot@1.0.0")), /published and cannot change/);
    // A campaign runs on a published version only, whoever writes the row.
    const [ministry] = await database.db.select().from(organization).where(eq(organization.slug, "demo-ministry"));
    const row = { id: "c-draft", slug: "c-draft", ministryOrgId: ministry!.id, nameZh: "x", nameEn: "x", year: 2027, method: {} as never, submissionDeadline: new Date(), reviewDeadline: new Date() };
    await refusedWith(database.db.insert(campaign).values({ ...row, frameworkRef: `${OWN.id}@${OWN.version}` }), /published framework version/);
  });

  it("copies, edits, publishes (freezing the version, with its events) and only then lets a campaign use it", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const copied = await admin.act(library, "/frameworks?index&intent=copy", { fromRef: "zhiping-pilot@1.0.0", id: "lib-test", version: "1.0.0", nameZh: "测试体系", nameEn: "Test framework" });
    expect(copied).toMatchObject({ status: 302, body: "/frameworks/lib-test/1.0.0?done=copied" });
    // The same id again is refused by name, and nothing is written.
    expect(await admin.act(library, "/frameworks?index&intent=copy", { fromRef: "zhiping-pilot@1.0.0", id: "lib-test", version: "1.0.0", nameZh: "x", nameEn: "x" })).toMatchObject({ status: 409, body: { errors: { id: "标识“lib-test”已被使用，请换一个。" } } });

    const params = { id: "lib-test", version: "1.0.0" };
    const path = "/frameworks/lib-test/1.0.0/edit";
    const page = (await admin.load(editor, path, params)).body as Awaited<ReturnType<typeof editor.loader>>;
    const revision = page.revision;
    expect(await admin.act(editor, path, { intent: "reweight", revision, "weight.CE": "0" }, params)).toMatchObject({ status: 400, body: { errors: { "weight.CE": "权重须为大于 0 的数字。" } } });
    expect(await admin.act(editor, path, { intent: "reweight", revision, "weight.CE": "30" }, params)).toMatchObject({ status: 200, body: { ok: true } });
    // The revision the editor saw is gone: a second tab's save is refused, not applied over the first.
    expect(await admin.act(editor, path, { intent: "reweight", revision, "weight.CE": "25" }, params)).toMatchObject({ status: 400, body: { ok: false, errors: { form: expect.stringContaining("已被他人修改") } } });
    const fresh = ((await admin.load(editor, path, params)).body as typeof page).revision;
    expect(await admin.act(editor, path, { intent: "add", revision: fresh, parent: "CE1", type: "rubric", code: "CE1.4", nameZh: "提案采纳", nameEn: "Proposals adopted", weight: "1" }, params)).toMatchObject({ status: 200 });
    const [draft] = await database.db.select().from(frameworkVersion).where(eq(frameworkVersion.ref, "lib-test@1.0.0"));
    expect(draft!.document.dimensions[0]!.weight).toBe(30);

    // A draft cannot run a campaign.
    const form = { slug: "lib-test-2027", frameworkRef: "lib-test@1.0.0", nameZh: "测试", nameEn: "Test", year: "2027", submissionDeadline: later(60), reviewDeadline: later(120), normalise: "minmax", aggregate: "arithmetic", impute: "none", dataThreshold: "0.5" };
    expect(await admin.act(newCampaign, "/campaigns/new", form)).toMatchObject({ status: 400, body: { errors: { frameworkRef: "campaignFrameworkUnknown" } } });

    const current = ((await admin.load(versionPage, "/frameworks/lib-test/1.0.0", params)).body as Awaited<ReturnType<typeof versionPage.loader>>).revision;
    expect(await admin.act(versionPage, "/frameworks/lib-test/1.0.0", { intent: "publish", revision: current }, params)).toMatchObject({ status: 302 });
    const [published] = await database.db.select().from(frameworkVersion).where(eq(frameworkVersion.ref, "lib-test@1.0.0"));
    expect(published).toMatchObject({ status: "published", contentHash: frameworkDigest(published!.document) });
    expect(published!.document.status).toBe("published");
    // Frozen: the editor sends the reader to the version, an edit is refused, the row cannot change.
    expect((await admin.load(editor, path, params)).status).toBe(302);
    expect(await admin.act(editor, path, { intent: "reweight", revision: published!.updatedAt.toISOString(), "weight.CE": "5" }, params)).toMatchObject({ status: 400, body: { errors: { form: expect.stringContaining("已发布") } } });
    const events = await database.db.select({ action: frameworkEvent.action }).from(frameworkEvent).where(eq(frameworkEvent.frameworkId, "lib-test")).orderBy(frameworkEvent.at);
    expect(events.map((e) => e.action)).toEqual(["framework.copied", "draft.reweighted", "draft.added", "version.published"]);

    expect(await admin.act(newCampaign, "/campaigns/new", form)).toMatchObject({ status: 302 });
    // The engine takes the version from the library: the same framework object, the same hash, as from a file.
    const scored = scoreUnits(toScoringModel(published!.document), toEngineInputs(published!.document, [{ code: "A", values: {} }]), { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic" });
    expect(scored.hash).toBe(scoreUnits(toScoringModel(published!.document as Framework), toEngineInputs(published!.document as Framework, [{ code: "A", values: {} }]), { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic" }).hash);
  });

  it("designs a survey-sourced indicator in the editor: every problem on its field, nothing saved; then the questions, estimator and sample", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    expect(await admin.act(library, "/frameworks?index&intent=copy", { fromRef: "zhiping-pilot@1.0.0", id: "survey-design", version: "1.0.0", nameZh: "调查设计", nameEn: "Survey design" })).toMatchObject({ status: 302 });
    const params = { id: "survey-design", version: "1.0.0" };
    const path = "/frameworks/survey-design/1.0.0/edit";
    const revision = async () => ((await admin.load(editor, path, params)).body as Awaited<ReturnType<typeof editor.loader>>).revision;
    const draft = async () => (await database.db.select().from(frameworkVersion).where(eq(frameworkVersion.ref, "survey-design@1.0.0")))[0]!.document;
    const findCE19 = (doc: Framework) => flattenFramework(doc).find((f) => f.node.code === "CE1.9")!.node as unknown as Record<string, unknown>;
    expect(await admin.act(editor, path, { intent: "add", revision: await revision(), parent: "CE1", type: "quantitative", code: "CE1.9", nameZh: "政务服务满意度", nameEn: "Satisfaction with public services", weight: "1" }, params)).toMatchObject({ status: 200 });
    const texts = { intent: "update", code: "CE1.9", nameZh: "政务服务满意度", nameEn: "Satisfaction with public services", descriptionZh: "市民对政务服务的满意程度", descriptionEn: "How satisfied citizens are with public services", unitZh: "分", unitEn: "points", dataSourceZh: "市民调查", dataSourceEn: "Citizen survey", formulaZh: "满意度均值", formulaEn: "Mean satisfaction", direction: "higher" };

    const bad = await admin.act(editor, path, {
      ...texts, revision: await revision(), surveySourced: "on", surveyEstimator: "nps", surveyMinSample: "1", surveyTargetMargin: "60",
      "qId.0": "overall", "qScale.0": "likert5", "qTextZh.0": "总体满意吗？", "qTextEn.0": "Satisfied overall?", "qOptions.0": "a | 1 | 甲 | A",
      "qId.1": "overall", "qScale.1": "choice", "qTextZh.1": "主要渠道？", "qTextEn.1": "", "qOptions.1": "online | 100 | 线上 | Online\nonline | 50 | 窗口",
    }, params);
    expect(bad).toMatchObject({ status: 400, body: { ok: false, errors: {
      surveyMinSample: "请填写不小于 2 的整数。",
      surveyTargetMargin: "请填写大于 0 且不超过 50 的数字。",
      surveyEstimator: "前两档占比和净推荐值只读一个问题：请删去多余的问题，或改用均值。",
      "qScale.0": "净推荐值需要 0–10 分的题型。",
      "qOptions.0": "只有单选题有选项，请清空或把题型改为单选题。",
      "qId.1": "同一指标内的问题编号不能重复。",
      "qTextEn.1": "必填。",
      "qOptions.1": "每行一个选项：值 | 分数(0–100) | 中文 | English；至少两个选项，值不能重复。",
    } } });
    expect(findCE19(await draft()).survey).toBeUndefined();

    const good = await admin.act(editor, path, {
      ...texts, revision: await revision(), surveySourced: "on", surveyEstimator: "mean", surveyMinSample: "150", surveyTargetMargin: "4.5",
      "qId.0": "overall", "qScale.0": "likert5", "qTextZh.0": "总体满意吗？", "qTextEn.0": "Satisfied overall?",
      "qId.1": "channel", "qScale.1": "choice", "qTextZh.1": "主要渠道？", "qTextEn.1": "Main channel?", "qOptions.1": "online | 100 | 线上办理 | Online\ncounter｜40｜窗口办理｜At a counter",
      "qId.2": "", "qScale.2": "", "qTextZh.2": "", "qTextEn.2": "", "qOptions.2": "",
    }, params);
    expect(good).toMatchObject({ status: 200, body: { ok: true } });
    expect(findCE19(await draft()).survey).toEqual({
      estimator: "mean", minSample: 150, targetMargin: 4.5,
      questions: [
        { id: "overall", scale: "likert5", text: { zh: "总体满意吗？", en: "Satisfied overall?" } },
        { id: "channel", scale: "choice", text: { zh: "主要渠道？", en: "Main channel?" }, options: [{ value: "online", score: 100, label: { zh: "线上办理", en: "Online" } }, { value: "counter", score: 40, label: { zh: "窗口办理", en: "At a counter" } }] },
      ],
    });
    // Survey-sourced and otherwise valid: the draft has no problem with it.
    const page = (await admin.load(editor, path, params)).body as Awaited<ReturnType<typeof editor.loader>>;
    expect(page.problems.filter((p) => JSON.stringify(p).includes("CE1.9"))).toEqual([]);

    // Unticked: deleting the questions is asked first, and nothing changes until it is confirmed.
    const unticked = { ...texts, surveyEstimator: "mean", surveyMinSample: "150", surveyTargetMargin: "4.5", "qId.0": "overall", "qScale.0": "likert5", "qTextZh.0": "总体满意吗？", "qTextEn.0": "Satisfied overall?" };
    expect(await admin.act(editor, path, { ...unticked, revision: await revision() }, params)).toMatchObject({ status: 400, body: { errors: { surveyRemovalConfirmed: expect.stringContaining("取消勾选会删除本指标的全部问题") } } });
    expect(findCE19(await draft()).survey).toMatchObject({ minSample: 150 });
    // Confirmed: the city fills it again.
    expect(await admin.act(editor, path, { ...unticked, surveyRemovalConfirmed: "on", revision: await revision() }, params)).toMatchObject({ status: 200 });
    expect(findCE19(await draft()).survey).toBeUndefined();
  });

  it("shows each tenant only what it may read, on every route and in the database itself", async () => {
    const analyst = await signIn("ministry.analyst@zhiping.demo");
    const city = await signIn("editor.330100@zhiping.demo");
    const lead = await signIn("lead@huaxin.demo");
    const platform = await signIn("admin@zhiping.demo");
    const own = { id: OWN.id, version: OWN.version };
    expect((await analyst.load(versionPage, OWN_PATH, own)).status).toBe(200);
    expect((await analyst.load(editor, `${OWN_PATH}/edit`, own)).status).toBe(403);
    expect((await analyst.act(versionPage, OWN_PATH, { intent: "publish" }, own)).status).toBe(403);
    // Cities and agencies read the version their campaign runs on, not the library or a ministry's drafts.
    expect((await city.load(versionPage, "/frameworks/zhiping-pilot/1.0.0", { id: "zhiping-pilot", version: "1.0.0" })).status).toBe(200);
    expect((await city.load(exportRoute, "/frameworks/zhiping-pilot/1.0.0/export?format=json", { id: "zhiping-pilot", version: "1.0.0" })).status).toBe(200);
    expect((await city.load(versionPage, "/frameworks/gbt-33356/2016.0.0", { id: "gbt-33356", version: "2016.0.0" })).status).toBe(403);
    expect((await city.load(library, "/frameworks")).status).toBe(403);
    for (const client of [city, lead, platform]) {
      expect((await client.load(versionPage, OWN_PATH, own)).status).toBe(404);
      expect((await client.load(exportRoute, `${OWN_PATH}/export?format=json`, own)).status).toBe(404);
      expect((await client.load(diffPage, `/frameworks/diff?from=zhiping-pilot@1.0.0&to=${OWN.id}@${OWN.version}`)).status).toBe(404);
    }
    // The database keeps the draft from another organization's scope even for a query that asks for everything.
    const [agency] = await database.db.select().from(organization).where(eq(organization.slug, "huaxin-eval"));
    const visible = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('zhiping.org', ${agency!.id}, true)`);
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return tx.select({ ref: frameworkVersion.ref }).from(frameworkVersion);
    });
    expect(visible.map((v) => v.ref)).not.toContain(`${OWN.id}@${OWN.version}`);
    expect(visible.map((v) => v.ref)).toContain("zhiping-pilot@1.0.0");
    const frameworks = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('zhiping.org', ${agency!.id}, true)`);
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return tx.select({ id: framework.id }).from(framework);
    });
    expect(frameworks.map((f) => f.id)).not.toContain(OWN.id);
  });

  it("imports JSON, XLSX and iMeta, reporting every problem by place and writing nothing for a bad file", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(frameworkVersion))[0]!.n;
    const before = await count();

    const broken = structuredClone(pilot) as unknown as { id: string; dimensions: { weight: number; name: { en: string } }[] };
    broken.id = "broken-json";
    broken.dimensions[0]!.weight = 0;
    broken.dimensions[1]!.name.en = "";
    const json = await admin.send(library, "/frameworks?index&intent=import", upload("broken.json", JSON.stringify(broken)));
    expect(json.status).toBe(400);
    expect((json.body as { problems: { where: string; what: string }[] }).problems).toEqual(
      expect.arrayContaining([
        { where: "“broken.json”的 dimensions[0].weight", what: "权重必须大于 0" },
        { where: "“broken.json”的 dimensions[1].name.en", what: "缺少英文文本" },
      ]),
    );

    // A workbook with an unknown parent, a duplicate code, a zero weight, a missing translation and a bad range.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportFramework({ ...pilot, id: "xlsx-import" }, "xlsx")).body.buffer as ArrayBuffer);
    const indicators = workbook.getWorksheet("Indicators")!;
    const header = (indicators.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    indicators.getRow(2).getCell(col("parent")).value = "NOPE";
    indicators.getRow(3).getCell(col("code")).value = "CE1.3";
    indicators.getRow(5).getCell(col("weight")).value = 0;
    indicators.getRow(6).getCell(col("name_en")).value = null;
    indicators.getRow(7).getCell(col("range_min")).value = 200;
    const bad = await admin.send(library, "/frameworks?index&intent=import", upload("bad.xlsx", new Uint8Array(await workbook.xlsx.writeBuffer())));
    expect(bad.status).toBe(400);
    expect((bad.body as { problems: unknown[] }).problems).toEqual([
      { where: "工作表“Indicators”第 2 行，parent 列", what: "上级“NOPE”不存在（须为上一层级的代码）" },
      { where: "工作表“Indicators”第 4 行，code 列", what: "代码“CE1.3”重复" },
      { where: "工作表“Indicators”第 5 行，weight 列", what: "权重必须大于 0" },
      { where: "工作表“Indicators”第 6 行，name_en 列", what: "缺少英文文本" },
      { where: "工作表“Indicators”第 7 行，range_min 列", what: "预期范围不对：须同时填写两端，且最小值不大于最大值" },
      // Renaming CE1.2 leaves its evidence rows pointing at nothing: each is named.
      { where: "工作表“Evidence”第 4 行，indicator 列", what: "“CE1.2”不是“Indicators”工作表中的指标" },
      { where: "工作表“Evidence”第 5 行，indicator 列", what: "“CE1.2”不是“Indicators”工作表中的指标" },
    ]);
    expect(await count()).toBe(before);

    const imeta = await admin.send(library, "/frameworks?index&intent=import", upload("iMeta.csv", "iCode,iName,Level,Parent,Weight,Direction\nIndex,指数,2,,1,1\nA,甲,1,Index,1,1\n", { id: "imeta-x", version: "1.0.0" }));
    expect((imeta.body as { problems: unknown[] }).problems).toEqual([{ where: "工作表“iMeta.csv”第 1 行，iNameEn 列", what: "缺少列“iNameEn”" }]);
    expect(await count()).toBe(before);

    // Clean files of each format land as drafts.
    const clean = await admin.send(library, "/frameworks?index&intent=import", upload("pilot.xlsx", (await exportFramework({ ...pilot, id: "xlsx-clean" }, "xlsx")).body));
    expect(clean).toMatchObject({ status: 302, body: "/frameworks/xlsx-clean/1.0.0?done=imported" });
    const fromMeta = await admin.send(library, "/frameworks?index&intent=import", upload("pilot-iMeta.csv", (await exportFramework(pilot, "imeta")).body, { id: "imeta-clean", version: "2.0.0" }));
    expect(fromMeta).toMatchObject({ status: 302, body: "/frameworks/imeta-clean/2.0.0?done=imported" });
    const fromJson = await admin.send(library, "/frameworks?index&intent=import", upload("pilot.json", JSON.stringify({ ...pilot, id: "json-clean", status: "published" })));
    expect(fromJson).toMatchObject({ status: 302, body: "/frameworks/json-clean/1.0.0?done=imported" });
    // Whatever the file says, an import lands as a draft, to be read and published by its owner.
    const [imported] = await database.db.select().from(frameworkVersion).where(eq(frameworkVersion.ref, "json-clean@1.0.0"));
    expect(imported).toMatchObject({ status: "draft", contentHash: null });
    expect(await count()).toBe(before + 3);
  });

  it("diffs two versions and keeps the code mapping people confirm", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const path = `/frameworks/diff?from=zhiping-pilot@1.0.0&to=${OWN.id}@${OWN.version}`;
    const page = await admin.load(diffPage, path);
    expect(page.status).toBe(200);
    expect((page.body as Awaited<ReturnType<typeof diffPage.loader>>).diff).toMatchObject({ added: [], removed: [], reweighted: [] });
    // The editor removes CE1.3 and adds CE1.9; the mapping says one became the other.
    const params = { id: OWN.id, version: OWN.version };
    const rev = async () => ((await admin.load(editor, `${OWN_PATH}/edit`, params)).body as Awaited<ReturnType<typeof editor.loader>>).revision;
    expect(await admin.act(editor, `${OWN_PATH}/edit`, { intent: "add", revision: await rev(), parent: "CE1", type: "quantitative", code: "CE1.9", nameZh: "市民反馈闭环", nameEn: "Closing the loop on feedback", weight: "1" }, params)).toMatchObject({ status: 200 });
    expect(await admin.act(editor, `${OWN_PATH}/edit`, { intent: "remove", revision: await rev(), code: "CE1.3" }, params)).toMatchObject({ status: 200 });
    const suggested = (await admin.load(diffPage, path)).body as Awaited<ReturnType<typeof diffPage.loader>>;
    expect(suggested.mapping).toEqual({ "CE1.3": "CE1.9" });
    expect(suggested.diff.recoded).toEqual([{ from: "CE1.3", to: "CE1.9" }]);
    expect(await admin.act(diffPage, path, { "map.CE1.3": "NOPE" })).toMatchObject({ status: 400 });
    expect(await admin.act(diffPage, path, { "map.CE1.3": "CE1.9" })).toMatchObject({ status: 200, body: { saved: true } });
    expect(((await admin.load(diffPage, path)).body as typeof suggested).mappingSaved).toBe(true);
    // The analyst reads the diff but does not change the mapping.
    const analyst = await signIn("ministry.analyst@zhiping.demo");
    expect((await analyst.act(diffPage, path, { "map.CE1.3": "" })).status).toBe(403);
  });

  it("shows a version's validation rules; a rule whose indicator is removed blocks publishing, and says where", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const params = { id: OWN.id, version: OWN.version };
    const page = async () => (await admin.load(versionPage, OWN_PATH, params)).body as Awaited<ReturnType<typeof versionPage.loader>>;
    const before = await page();
    expect(before.document.rules?.map((r) => r.expression)).toEqual(["DS1.3 <= DS1.1 + 20", "OP1.1 >= OP1.3 - 50"]);
    const revision = ((await admin.load(editor, `${OWN_PATH}/edit`, params)).body as Awaited<ReturnType<typeof editor.loader>>).revision;
    expect(await admin.act(editor, `${OWN_PATH}/edit`, { intent: "remove", revision, code: "DS1.3" }, params)).toMatchObject({ status: 200 });
    const after = await page();
    expect(after.problems).toEqual([expect.objectContaining({ path: ["rules", 0, "expression"], code: "badRule", vars: expect.objectContaining({ rule: "DS1.3 <= DS1.1 + 20", position: "1" }) })]);
    expect((await admin.act(versionPage, OWN_PATH, { intent: "publish", revision: after.revision }, params)).status).not.toBe(302);
    const [still] = await database.db.select().from(frameworkVersion).where(eq(frameworkVersion.ref, `${OWN.id}@${OWN.version}`));
    expect(still!.status).toBe("draft");
  });
});

describe("framework files round trip", () => {
  it("JSON → XLSX → JSON and JSON → iMeta → engine give the same hashes", async () => {
    for (const f of BUNDLED_FRAMEWORKS) {
      const xlsx = await exportFramework(f, "xlsx");
      const back = await readFrameworkFile(xlsx.body, xlsx.filename, { id: "", version: "" });
      expect("framework" in back && frameworkDigest(back.framework)).toBe(frameworkDigest(f));
      const imeta = await exportFramework(f, "imeta");
      const fromMeta = await readFrameworkFile(imeta.body, imeta.filename, { id: f.id, version: f.version });
      if (!("framework" in fromMeta)) throw new Error(JSON.stringify(fromMeta.problems));
      // iMeta carries structure, weights and directions: what the engine needs. Scored alike, they hash alike.
      const units = [
        { code: "A", values: {} as Record<string, number | null> },
        { code: "B", values: {} as Record<string, number | null> },
      ];
      const codes = toScoringModel(f).nodes.filter((n) => n.level === 1).map((n) => n.code);
      codes.forEach((c, i) => ((units[0]!.values[c] = i), (units[1]!.values[c] = codes.length - i)));
      const method = { normalise: { method: "minmax" as const, range: [0, 100] as [number, number] }, aggregate: "arithmetic" as const };
      const plain = (fw: Framework) => ({ ...toScoringModel(fw), id: "same" });
      const numeric = (fw: Framework) => units.map((u) => ({ code: u.code, values: Object.fromEntries(Object.entries(u.values)) }));
      expect(scoreUnits(plain(fromMeta.framework), numeric(fromMeta.framework), { ...method }).hash).toBe(scoreUnits({ ...plain(f), nodes: plain(f).nodes.map((n) => ({ ...n, normalise: undefined })) }, numeric(f), { ...method }).hash);
      void frameworkToIMeta;
    }
  });
});
void BASE;
