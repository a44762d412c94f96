import { eq, sql } from "drizzle-orm";
import { useApp } from "../helpers/app";
import { describe, expect, it } from "vitest";
import { DEMO_CITIES } from "../../db/seed/demo-data";
import { campaign, campaignCity, member, organization, orgProfile } from "../../db/schema";
import { isEmpty, seedDemo } from "../../db/seed/tenants";
import { createTestDatabase, DRIVERS } from "../helpers/database";

describe.each(DRIVERS)("migrations and demo seed on %s", (driver) => {
  const database = useApp(driver, createTestDatabase);

  it("creates every table", async () => {
    const result = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = current_schema() order by 1`);
    const names = ((result as { rows?: { table_name: string }[] }).rows ?? (result as unknown as { table_name: string }[])).map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(["user", "session", "account", "verification", "organization", "member", "invitation", "org_profile", "campaign", "campaign_city", "outbox", "user_settings", "rate_limit"]));
  });

  it("seeds the demo once, only into an empty database", async () => {
    expect(await isEmpty(database.db)).toBe(true);
    const logins = await seedDemo(database.db);
    expect(await isEmpty(database.db)).toBe(false);
    const cities = await database.db.select().from(orgProfile).where(eq(orgProfile.kind, "city"));
    expect(cities.map((c) => c.divisionCode).sort()).toEqual(DEMO_CITIES.map((c) => c.code).sort());
    expect(cities.every((c) => /^\d{6}$/.test(c.divisionCode!))).toBe(true);
    const [pilot] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    expect(pilot!.frameworkRef).toBe("zhiping-pilot@1.2.0");
    expect(await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, pilot!.id))).toHaveLength(12);
    // Last year's round, on the version 1.2.0 grew from, with the mapping the history checks follow.
    const [previous] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2025"));
    expect(previous).toMatchObject({ frameworkRef: "zhiping-pilot@1.0.0", year: 2025 });
    expect(await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, previous!.id))).toHaveLength(12);
    const roles = new Set(logins.map((l) => l.role));
    for (const r of ["platform_admin", "ministry_admin", "ministry_analyst", "agency_lead", "agency_assessor", "city_approver", "city_editor"]) expect(roles).toContain(r);
    expect((await database.db.select().from(member)).length).toBeGreaterThan(24);
  });

  it("refuses a second organization with the same name, whatever the case", async () => {
    await database.db.insert(organization).values({ id: "x1", name: "Test Org", slug: "test-org-1" });
    await expect(database.db.insert(organization).values({ id: "x2", name: "test org", slug: "test-org-2" })).rejects.toThrow();
  });
});
