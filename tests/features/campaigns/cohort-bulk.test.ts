import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, campaign, campaignCity, organization, orgProfile } from "../../../db/schema";
import * as settings from "../../../app/routes/campaigns.$slug.settings/route";
import * as newCampaign from "../../../app/routes/campaigns.new";
import type { BulkPreview } from "../../../app/routes/campaigns.$slug.settings/cohort-bulk-add";
import { verifyAuditChain } from "../../../app/features/audit/index.server";
import { signIn, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const SLUG = "towns-2027";
const path = `/campaigns/${SLUG}/settings`;
const params = { slug: SLUG };
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
type Answer = { intent: string; done: boolean; errors: Record<string, string>; vars: Record<string, string | number>; preview?: BulkPreview };
const multipart = (fields: Record<string, string>, file?: { name: string; text: string }) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("file", new File([file.text], file.name, { type: "text/csv" }));
  return body;
};

describe.each(DRIVERS)("adding cities to a cohort in bulk on %s", (driver) => {
  const database = useApp(driver);

  it("previews a province or a file of codes, refuses unknown codes by row, and adds all the rest at once with one audit entry", async () => {
    const admin = await signIn("ministry.admin@zhiping.demo");
    const created = await admin.act(newCampaign, "/campaigns/new", {
      slug: SLUG, frameworkRef: "zhiping-pilot@1.0.0", nameZh: "2027年度城镇评估", nameEn: "2027 towns", year: "2027",
      submissionDeadline: later(60), reviewDeadline: later(120), normalise: "minmax", aggregate: "arithmetic", impute: "none", dataThreshold: "0.5",
    });
    expect(created.status).toBe(302);
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, SLUG));
    const [huaxin] = await database.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, "huaxin-eval"));
    const cohort = async () => (await database.db.select({ code: orgProfile.divisionCode, agency: campaignCity.agencyOrgId }).from(campaignCity).innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId)).where(eq(campaignCity.campaignId, row!.id))).map((c) => c.code).sort();

    const byProvince = await admin.send(settings, path, multipart({ intent: "cohort-bulk-preview", province: "浙江省", agencyOrgId: huaxin!.id }), params);
    expect(byProvince.status).toBe(200);
    expect((byProvince.body as Answer).preview).toMatchObject({ count: 2, alreadyIn: 0, problemCount: 0, sample: ["330100 杭州市", "330483 嘉兴乌镇（桐乡市）"] });
    expect(await cohort()).toEqual([]);

    const nothingChosen = await admin.send(settings, path, multipart({ intent: "cohort-bulk-preview", agencyOrgId: huaxin!.id }), params);
    expect(nothingChosen).toMatchObject({ status: 400, body: { errors: { form: "p_cohortChooseSelection" } } });

    const badFile = await admin.send(settings, path, multipart({ intent: "cohort-bulk-add", agencyOrgId: huaxin!.id }, { name: "codes.csv", text: "行政区划代码\n330100\n99999\n340100\n110999\n" }), params);
    expect(badFile.status).toBe(400);
    expect((badFile.body as Answer).preview!.problems).toEqual([
      { row: 3, code: "99999", message: "“99999”不是 6 位行政区划代码。" },
      { row: 5, code: "110999", message: "平台上没有行政区划代码为 110999 的城市（可先在“批量开通组织”中开通）。" },
    ]);
    expect(await cohort()).toEqual([]);

    const file = { name: "codes.csv", text: "行政区划代码\n330100\n640100\n420100\n330100\n" };
    const preview = await admin.send(settings, path, multipart({ intent: "cohort-bulk-preview", agencyOrgId: huaxin!.id }, file), params);
    const previewed = (preview.body as Answer).preview!;
    expect(previewed).toMatchObject({ count: 3, alreadyIn: 0, problemCount: 0, selection: { by: "codes", codes: "330100\n640100\n420100\n330100" } });
    // The confirmation carries the codes the preview read, not the file.
    const added = await admin.act(settings, path, { intent: "cohort-bulk-add", agencyOrgId: huaxin!.id, secondAgencyOrgId: "", codes: previewed.selection.codes }, params);
    expect(added).toMatchObject({ status: 200, body: { done: true, vars: { count: 3 } } });
    expect(await cohort()).toEqual(["330100", "420100", "640100"]);

    const again = await admin.send(settings, path, multipart({ intent: "cohort-bulk-preview", province: "浙江省", agencyOrgId: huaxin!.id }), params);
    expect((again.body as Answer).preview).toMatchObject({ count: 1, alreadyIn: 1 });
    expect(await admin.act(settings, path, { intent: "cohort-bulk-add", agencyOrgId: huaxin!.id, codes: "330100 640100" }, params)).toMatchObject({ status: 409, body: { errors: { form: "p_cohortNothingToAdd" } } });
    expect(await admin.act(settings, path, { intent: "cohort-bulk-add", agencyOrgId: huaxin!.id, secondAgencyOrgId: huaxin!.id, province: "浙江省" }, params)).toMatchObject({ status: 400, body: { errors: { secondAgencyOrgId: "secondSameAsPrimary" } } });
    expect(await cohort()).toEqual(["330100", "420100", "640100"]);

    const entries = await database.db.select().from(auditEvent).where(eq(auditEvent.campaignId, row!.id));
    expect(entries.map((e) => e.action)).toEqual(["campaign.created", "cohort.bulk-added"]);
    expect(entries[1]!.after).toMatchObject({ cities: 3, codes: ["330100", "420100", "640100"], agencyOrgId: huaxin!.id });
    expect(await verifyAuditChain(database.db, row!.id)).toMatchObject({ ok: true, entries: 2 });

    const page = (await admin.load(settings, path, params)).body as Awaited<ReturnType<typeof settings.loader>>;
    expect(page).toMatchObject({ cohortTotals: { cities: 3, agencies: 1 }, paging: { page: 1, pages: 1, total: 3 } });
    expect(page.history.map((h) => h.action)).toContain("cohort.bulk-added");
    expect(page.candidates.cities.some((c) => c.divisionCode === "330100")).toBe(false);
  });
});
