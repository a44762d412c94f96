import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organization } from "../../../db/schema";
import { findCampaignResource, withTenantScope, type Actor } from "../../../app/features/access/index.server";
import { cohortStatusCounts, visibleCohort } from "../../../app/features/campaigns/index.server";
import { assessorQueue } from "../../../app/features/review/index.server";
import { startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

describe.each(DRIVERS)("pages of the cohort and of the review queue on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);
  const actorOf = async (slug: string, kind: "ministry" | "agency", role: string): Promise<Actor> => {
    const [org] = await database.db.select({ id: organization.id }).from(organization).where(eq(organization.slug, slug));
    return { userId: "reader", platformAdmin: false, memberOrgIds: [org!.id], membership: { orgId: org!.id, kind, role } } as Actor;
  };

  it("the campaign's cohort in pages: the pages together are the whole list, in order, and the counts are the database's", async () => {
    const resource = (await findCampaignResource(database.db, "pilot-2026"))!;
    for (const actor of [await actorOf("demo-ministry", "ministry", "ministry_admin"), await actorOf("huaxin-eval", "agency", "agency_lead")]) {
      const all = await withTenantScope(actor, (db) => visibleCohort(db, actor, resource));
      const paged = [];
      for (let offset = 0; offset < all.length + 5; offset += 5) paged.push(...(await withTenantScope(actor, (db) => visibleCohort(db, actor, resource, { offset, limit: 5 }))));
      expect(paged.map((r) => r.cityOrgId)).toEqual(all.map((r) => r.cityOrgId));
      const counts = await withTenantScope(actor, (db) => cohortStatusCounts(db, actor, resource));
      expect(counts.reduce((n, [, c]) => n + c, 0)).toBe(all.length);
      for (const [status, count] of counts) expect(all.filter((r) => (r.status ?? "draft") === status)).toHaveLength(count);
    }
  });

  it("the review queue in pages: the same order as one long page, every city once, most urgent first", async () => {
    const actor = await actorOf("huaxin-eval", "agency", "agency_lead");
    const whole = await withTenantScope(actor, (db) => assessorQueue(db, actor, "1", 1000));
    expect(whole.paging.total).toBeGreaterThan(4);
    const pages = [];
    for (let number = 1; number <= Math.ceil(whole.paging.total / 3); number++) pages.push(await withTenantScope(actor, (db) => assessorQueue(db, actor, String(number), 3)));
    expect(pages[0]!.paging.pages).toBe(Math.ceil(whole.paging.total / 3));
    // A page counts the open flags of the statuses it reaches only, and shows the same counts.
    expect(pages.flatMap((p) => p.items.map((i) => `${i.divisionCode}:${i.status}:${i.openFlags}`))).toEqual(whole.items.map((i) => `${i.divisionCode}:${i.status}:${i.openFlags}`));
    expect(whole.items.some((i) => i.openFlags > 0)).toBe(true);
    // A page past the end shows the last one.
    expect((await withTenantScope(actor, (db) => assessorQueue(db, actor, "99", 3))).paging.page).toBe(pages.length);
  });
});
