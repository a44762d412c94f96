import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../../db/client";
import { apiToken, auditEvent, campaign, campaignCity, indicatorValue, organization, orgProfile, result, submission, user } from "../../../db/schema";
import { withTenantScope, type Actor } from "../../../app/features/access/index.server";
import { appendAudit } from "../../../app/features/audit/index.server";
import { campaignCohortStatistics } from "../../../app/features/quality/index.server";
import { startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const actor = (orgId: string, kind: "ministry" | "agency" | "city"): Actor => ({
  userId: "u",
  platformAdmin: false,
  membership: { orgId, kind, role: kind === "ministry" ? "ministry_admin" : kind === "agency" ? "agency_lead" : "city_editor" },
  memberOrgIds: [orgId],
});

describe.each(DRIVERS)("row-level security on %s: the database keeps tenants apart even when a query forgets to", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  /** A second ministry that also assesses 杭州, with a value, an audit entry and an API token of its own. */
  let made: { on: unknown; tenant: ReturnType<typeof makeSecondTenant> } | null = null;
  const secondTenant = () => {
    if (made?.on !== database) made = { on: database, tenant: makeSecondTenant() };
    return made.tenant;
  };
  async function makeSecondTenant() {
    const { db } = database;
    const orgOf = async (slug: string) => (await db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug)))[0]!.id;
    const [hz] = await db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, "330100"));
    const ministry = randomUUID();
    await db.insert(organization).values({ id: ministry, name: "另一主管部门", slug: "other-ministry" });
    await db.insert(orgProfile).values({ organizationId: ministry, kind: "ministry" });
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const other = randomUUID();
    await db.insert(campaign).values({ ...pilot!, id: other, slug: "other-2026", ministryOrgId: ministry, resultsPublishedAt: null });
    await db.insert(campaignCity).values({ campaignId: other, cityOrgId: hz!.id, agencyOrgId: await orgOf("zhongcheng-eval") });
    const sub = randomUUID();
    const [anyone] = await db.select({ id: user.id }).from(user).limit(1);
    await db.insert(submission).values({ id: sub, campaignId: other, cityOrgId: hz!.id });
    await db.insert(indicatorValue).values({ submissionId: sub, indicatorCode: "CE1.1", value: 99, updatedBy: anyone!.id });
    await appendAudit(db, other, { actorUserId: anyone!.id, entity: "submission", entityId: sub, action: "value.saved", after: { code: "CE1.1", value: 99 } });
    await db.insert(apiToken).values({ id: randomUUID(), organizationId: ministry, name: "t", tokenHash: randomUUID(), prefix: "zp_", createdBy: anyone!.id });
    const [previous] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2025"));
    return { ministry, other, pilot: pilot!.id, previous: previous!.id, hangzhou: hz!.id, yinchuan: await orgOf("city-640100"), huaxin: await orgOf("huaxin-eval"), demoMinistry: pilot!.ministryOrgId };
  }

  /** Every row of a table, with no filter at all, as this actor sees it. */
  const everything = (who: Actor, table: string) => withTenantScope(who, async (db) => rowsOf<Record<string, string>>(await db.execute(sql.raw(`select * from "${table}"`))), database.db);

  it("an unfiltered query returns only the acting organization's tenancy, table by table", async () => {
    const t = await secondTenant();
    const campaignsOf = (rows: Record<string, string>[]) => [...new Set(rows.map((r) => r.campaign_id))].sort();

    // The second ministry sees its own campaign and nothing of the first's, though 杭州 is in both.
    const second = actor(t.ministry, "ministry");
    expect((await everything(second, "campaign")).map((c) => c.id)).toEqual([t.other]);
    expect(campaignsOf(await everything(second, "submission"))).toEqual([t.other]);
    expect(campaignsOf(await everything(second, "result"))).toEqual([]);
    expect(campaignsOf(await everything(second, "audit_event"))).toEqual([t.other]);
    expect((await everything(second, "indicator_value")).map((v) => v.value)).toEqual([99]);
    expect(await everything(second, "review_value")).toEqual([]);
    expect(await everything(second, "evidence")).toEqual([]);
    expect((await everything(second, "api_token")).map((k) => k.organization_id)).toEqual([t.ministry]);

    // The first ministry does not see the second's campaign.
    const first = actor(t.demoMinistry, "ministry");
    const firstCampaigns = [t.pilot, t.previous].sort();
    expect((await everything(first, "campaign")).map((c) => c.id).sort()).toEqual(firstCampaigns);
    expect(campaignsOf(await everything(first, "submission"))).toEqual(firstCampaigns);
    expect(await everything(first, "api_token")).toEqual([]);

    // A city reads its own submissions only (this year's and last year's, in both ministries' campaigns), and the cohort-level results of campaigns it is in.
    const yinchuan = actor(t.yinchuan, "city");
    expect(new Set((await everything(yinchuan, "submission")).map((s) => s.city_org_id))).toEqual(new Set([t.yinchuan]));
    const own = new Set((await everything(yinchuan, "submission")).map((s) => s.id));
    expect(own.size).toBe(2);
    expect(new Set((await everything(yinchuan, "indicator_value")).map((v) => v.submission_id))).toEqual(own);
    expect(new Set((await everything(yinchuan, "evidence")).map((v) => v.submission_id))).toEqual(own);
    expect((await everything(yinchuan, "audit_event")).every((e) => e.entity === "submission" && own.has(e.entity_id!))).toBe(true);
    expect((await everything(yinchuan, "quality_flag_note")).every((n) => own.has(n.submission_id!))).toBe(true);
    const hangzhou = actor(t.hangzhou, "city");
    expect(campaignsOf(await everything(hangzhou, "submission"))).toEqual([t.other, t.pilot, t.previous].sort());

    // An agency reads the cities assigned to it, in campaigns that are not drafts.
    const huaxin = actor(t.huaxin, "agency");
    const assigned = (await database.db.select({ campaign: campaignCity.campaignId, city: campaignCity.cityOrgId, second: campaignCity.secondAgencyOrgId, first: campaignCity.agencyOrgId }).from(campaignCity).where(inArray(campaignCity.campaignId, [t.pilot, t.previous]))).filter((c) => c.first === t.huaxin || c.second === t.huaxin).map((c) => `${c.campaign}/${c.city}`);
    expect(new Set((await everything(huaxin, "submission")).map((s) => `${s.campaign_id}/${s.city_org_id}`))).toEqual(new Set(assigned));
    const huaxinSubmissions = new Set((await everything(huaxin, "submission")).map((s) => s.id));
    const huaxinReviews = await everything(huaxin, "review_value");
    expect(huaxinReviews.length).toBeGreaterThan(0);
    expect(huaxinReviews.every((r) => huaxinSubmissions.has(r.submission_id!))).toBe(true);
    // Verdicts through their evidence, and the audit trail, for exactly the submissions it sees (row by row: decision 017).
    const allEvidence = await database.db.execute(sql`select id, submission_id from evidence`);
    const submissionOfEvidence = new Map(rowsOf<{ id: string; submission_id: string }>(allEvidence).map((e) => [e.id, e.submission_id]));
    const huaxinVerdicts = await everything(huaxin, "evidence_verdict");
    expect(huaxinVerdicts.length).toBeGreaterThan(0);
    expect(huaxinVerdicts.every((v) => huaxinSubmissions.has(submissionOfEvidence.get(v.evidence_id!)!))).toBe(true);
    const allVerdicts = rowsOf<{ evidence_id: string }>(await database.db.execute(sql`select evidence_id from evidence_verdict`));
    expect(huaxinVerdicts).toHaveLength(allVerdicts.filter((v) => huaxinSubmissions.has(submissionOfEvidence.get(v.evidence_id)!)).length);
    expect((await everything(huaxin, "audit_event")).filter((e) => e.entity === "submission").every((e) => huaxinSubmissions.has(e.entity_id!))).toBe(true);
    // The views the policies ask say, to whoever reads them, only what that reader may see.
    expect(new Set((await everything(huaxin, "zhiping_visible_submission_rows")).map((r) => r.id))).toEqual(huaxinSubmissions);
    expect(new Set((await everything(yinchuan, "zhiping_visible_submission_rows")).map((r) => r.id))).toEqual(own);
    const refused = await withTenantScope(huaxin, (db) => db.execute(sql`delete from zhiping_visible_submission_rows`), database.db).then(() => null, (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`);
    expect(refused).toMatch(/permission denied|cannot delete from view/);

    // Without an organization, nothing.
    const nobody: Actor = { userId: "u", platformAdmin: false, membership: null, memberOrgIds: [] };
    for (const table of ["campaign", "submission", "indicator_value", "review_value", "evidence", "evidence_verdict", "quality_flag_note", "result", "audit_event", "api_token", "zhiping_visible_city_rows", "zhiping_visible_submission_rows", "zhiping_visible_evidence_rows"])
      expect(await everything(nobody, table), table).toEqual([]);
  });

  it("the plausibility cross-checks give each reader only what it may see: the cohort's values without their cities, last year's values of its own cities, the other city's name only when visible", async () => {
    const t = await secondTenant();
    const call = (who: Actor, query: string) => withTenantScope(who, async (db) => rowsOf<Record<string, string | null>>(await db.execute(sql.raw(query))), database.db);
    const orgOf = async (code: string) => (await database.db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, code)))[0]!.id;
    const [wuhan, huaxin, zhongcheng] = [await orgOf("420100"), t.huaxin, (await database.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, "zhongcheng-eval")))[0]!.id];
    const allValues = await database.db.select({ v: indicatorValue.value }).from(indicatorValue).innerJoin(submission, eq(submission.id, indicatorValue.submissionId)).where(eq(submission.campaignId, t.pilot));

    // A city gets the whole cohort's distribution, and nothing that says whose a value is.
    const distribution = await call(actor(t.yinchuan, "city"), `select * from zhiping_cohort_values('${t.pilot}')`);
    expect(distribution.length).toBe(allValues.filter((r) => r.v !== null).length);
    expect(Object.keys(distribution[0]!).sort()).toEqual(["indicator_code", "value"]);
    // Another ministry's campaign: nothing, not even the distribution.
    expect(await call(actor(t.ministry, "ministry"), `select * from zhiping_cohort_values('${t.pilot}')`)).toEqual([]);
    // The values fingerprint the app keeps the cohort's statistics under: one for every reader who may see the campaign, none for another ministry.
    const fingerprint = `select zhiping_values_fingerprint('${t.pilot}') as f`;
    const seen = (await call(actor(t.yinchuan, "city"), fingerprint))[0]!.f;
    expect(seen).toMatch(/^\d+:-?\d+$/);
    expect((await call(actor(huaxin, "agency"), fingerprint))[0]!.f).toBe(seen);
    expect((await call(actor(t.ministry, "ministry"), fingerprint))[0]!.f).toBeNull();
    // Kept statistics reach no reader the database would not give the values to.
    const statistics = (who: Actor) => withTenantScope(who, (db) => campaignCohortStatistics(db, t.pilot, ["CE1.1"]), database.db);
    expect((await statistics(actor(t.yinchuan, "city")))["CE1.1"]!.n).toBeGreaterThan(0);
    expect((await statistics(actor(t.ministry, "ministry")))["CE1.1"]!.n).toBe(0);

    // 武汉 attached 杭州's file: 武汉 learns that it is shared, never with whom; huaxin assesses both and sees both names; zhongcheng sees only 杭州's side.
    const shared = `select city_org_id, other_city_org_id from zhiping_shared_evidence('${t.pilot}')`;
    expect(await call(actor(wuhan, "city"), shared)).toEqual([{ city_org_id: wuhan, other_city_org_id: null }]);
    expect(new Set((await call(actor(huaxin, "agency"), shared)).map((r) => `${r.city_org_id}>${r.other_city_org_id}`))).toEqual(new Set([`${wuhan}>${t.hangzhou}`, `${t.hangzhou}>${wuhan}`]));
    expect(await call(actor(zhongcheng, "agency"), shared)).toEqual([{ city_org_id: t.hangzhou, other_city_org_id: null }]);
    // Asked for one city (its page, its report): that city's side only.
    expect(await call(actor(huaxin, "agency"), `select city_org_id, other_city_org_id from zhiping_shared_evidence('${t.pilot}', array['${wuhan}'])`)).toEqual([{ city_org_id: wuhan, other_city_org_id: t.hangzhou }]);

    // Last year's values come for the cities an agency assesses this year, though another agency assessed them last year.
    const assessedNow = (await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, t.pilot))).filter((c) => c.agencyOrgId === huaxin || c.secondAgencyOrgId === huaxin).map((c) => c.cityOrgId);
    const assessedThen = (await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, t.previous))).filter((c) => c.agencyOrgId === huaxin).map((c) => c.cityOrgId);
    expect(assessedNow.some((c) => !assessedThen.includes(c))).toBe(true);
    const previous = await call(actor(huaxin, "agency"), `select distinct city_org_id, campaign_slug from zhiping_previous_values('${t.pilot}')`);
    expect(new Set(previous.map((r) => r.city_org_id))).toEqual(new Set(assessedNow));
    expect(new Set(previous.map((r) => r.campaign_slug))).toEqual(new Set(["pilot-2025"]));
    expect(await call(actor(t.ministry, "ministry"), `select * from zhiping_previous_values('${t.pilot}')`)).toEqual([]);
  });

  it("refuses writes into another tenant's rows, and the audit chain still links across writers", async () => {
    const { db } = database;
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [hzSub] = await db.select().from(submission).innerJoin(orgProfile, eq(orgProfile.organizationId, submission.cityOrgId)).where(eq(orgProfile.divisionCode, "330100"));
    const [yc] = await db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, "640100"));
    const [anyone] = await db.select({ id: user.id }).from(user).limit(1);
    const yinchuan = actor(yc!.id, "city");
    const refused = await withTenantScope(yinchuan, (tx) => tx.insert(indicatorValue).values({ submissionId: hzSub!.submission.id, indicatorCode: "XX9.9", value: 1, updatedBy: anyone!.id }), db).catch((e: Error & { cause?: Error }) => e);
    expect((refused as Error & { cause?: Error }).cause?.message).toMatch(/row-level security/);
    const changed = await withTenantScope(yinchuan, (tx) => tx.update(indicatorValue).set({ value: -1 }).where(eq(indicatorValue.submissionId, hzSub!.submission.id)).returning(), db);
    expect(changed).toEqual([]);
    // A cohort city sees the campaign but may not change it.
    const renamed = await withTenantScope(yinchuan, (tx) => tx.update(campaign).set({ nameZh: "改名" }).where(eq(campaign.id, pilot!.id)).returning(), db).catch((e: Error & { cause?: Error }) => e);
    expect((renamed as Error & { cause?: Error }).cause?.message).toMatch(/row-level security/);
    // 银川 appends to the campaign's chain without seeing the other cities' entries; the chain stays whole.
    const [ycSub] = await db.select({ id: submission.id }).from(submission).where(eq(submission.cityOrgId, yc!.id));
    await withTenantScope(yinchuan, (tx) => appendAudit(tx, pilot!.id, { actorUserId: anyone!.id, entity: "submission", entityId: ycSub!.id, action: "value.saved", after: { code: "CE1.1" } }), db);
    const { verifyAuditChain } = await import("../../../app/features/audit/index.server");
    expect(await verifyAuditChain(db, pilot!.id)).toMatchObject({ ok: true });
    expect((await db.select().from(result)).length).toBeGreaterThan(0);
    expect((await db.select().from(auditEvent)).length).toBeGreaterThan(0);
  });

  it("each organisation sees the campaigns it owns or takes part in past their draft (as a city, agency or second agency), and writes a result only for a city it sees", async () => {
    const t = await secondTenant();
    const { db } = database;
    // A second agency that takes part in one campaign only that way, and a draft it would see if it were not one.
    const [pilotCity] = await db.select().from(campaignCity).where(eq(campaignCity.campaignId, t.pilot)).limit(1);
    const secondOnly = randomUUID();
    await db.insert(organization).values({ id: secondOnly, name: "复核机构", slug: `second-only-${secondOnly.slice(0, 8)}` });
    await db.insert(orgProfile).values({ organizationId: secondOnly, kind: "agency" });
    const draft = randomUUID();
    const [pilot] = await db.select().from(campaign).where(eq(campaign.id, t.pilot));
    await db.insert(campaign).values({ ...pilot!, id: draft, slug: `draft-${draft.slice(0, 8)}`, status: "draft", resultsPublishedAt: null });
    await db.insert(campaignCity).values({ campaignId: draft, cityOrgId: pilotCity!.cityOrgId, agencyOrgId: t.huaxin, secondAgencyOrgId: secondOnly });
    await db.update(campaignCity).set({ secondAgencyOrgId: secondOnly }).where(and(eq(campaignCity.campaignId, t.pilot), eq(campaignCity.cityOrgId, pilotCity!.cityOrgId)));
    try {
      const campaigns = await db.select().from(campaign);
      const rows = await db.select().from(campaignCity);
      const kinds = new Map((await db.select().from(orgProfile)).map((p) => [p.organizationId, p.kind]));
      for (const org of await db.select({ id: organization.id }).from(organization)) {
        const kind = kinds.get(org.id);
        if (kind !== "ministry" && kind !== "agency" && kind !== "city") continue;
        const expected = campaigns
          .filter((k) => k.ministryOrgId === org.id || (k.status !== "draft" && rows.some((r) => r.campaignId === k.id && [r.cityOrgId, r.agencyOrgId, r.secondAgencyOrgId].includes(org.id))))
          .map((k) => k.id)
          .sort();
        expect((await everything(actor(org.id, kind), "campaign")).map((k) => k.id).sort(), `${kind} ${org.id}`).toEqual(expected);
      }
      expect((await everything(actor(secondOnly, "agency"), "campaign")).map((k) => k.id)).toEqual([t.pilot]);

      // A result may be written by a reader of its campaign only for a city that reader sees.
      const [frozen] = await db.select().from(result).where(eq(result.campaignId, t.pilot)).limit(1);
      const unseen = rows.find((r) => r.campaignId === t.pilot && r.agencyOrgId !== secondOnly && r.secondAgencyOrgId !== secondOnly)!;
      const write = (cityOrgId: string) =>
        withTenantScope(actor(secondOnly, "agency"), (tx) => tx.insert(result).values({ ...frozen!, id: randomUUID(), cityOrgId, cohortSeq: 100_000 }), db).then(
          () => "written",
          (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
        );
      expect(await write(unseen.cityOrgId)).toMatch(/row-level security/);
    } finally {
      await db.delete(campaign).where(eq(campaign.id, draft));
      await db.update(campaignCity).set({ secondAgencyOrgId: pilotCity!.secondAgencyOrgId }).where(and(eq(campaignCity.campaignId, t.pilot), eq(campaignCity.cityOrgId, pilotCity!.cityOrgId)));
      await db.delete(orgProfile).where(eq(orgProfile.organizationId, secondOnly));
      await db.delete(organization).where(eq(organization.id, secondOnly));
    }
  });

  it("every table that holds a tenant's rows has row-level security", async () => {
    const tables = rowsOf<{ table: string; rls: boolean }>(
      await database.db.execute(sql`
        select c.relname as "table", c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and exists (
          select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.relname
            and k.column_name in ('campaign_id', 'submission_id', 'evidence_id'))`),
    );
    expect(tables.length).toBeGreaterThan(7);
    expect(tables.filter((t) => !t.rls).map((t) => t.table)).toEqual([]);
    const [token] = rowsOf<{ rls: boolean }>(await database.db.execute(sql`select relrowsecurity as rls from pg_class where relname = 'api_token'`));
    expect(token!.rls).toBe(true);
  });
});
