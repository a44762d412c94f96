import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { account, campaign, campaignCity, member, organization, orgProfile, user, userSettings } from "../../../db/schema";
import { DEMO_PASSWORD } from "../../../db/seed/demo-data";
import * as profile from "../../../app/routes/campaigns.$slug.cities.$code.profile";
import * as ranking from "../../../app/routes/campaigns.$slug.ranking._index";
import { signIn, startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

type Profile = { profile: { history: { slug: string }[] } };

describe.each(DRIVERS)("two ministries that both assess 杭州, on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("a city's profile history holds only campaigns the reader may read: the second ministry never sees the first's results of the same city", async () => {
    const { db } = database;
    const ministry = randomUUID();
    await db.insert(organization).values({ id: ministry, name: "另一主管部门", slug: "other-ministry" });
    await db.insert(orgProfile).values({ organizationId: ministry, kind: "ministry" });
    const admin = randomUUID();
    await db.insert(user).values({ id: admin, name: "另一部管理员", email: "admin@other-ministry.test", emailVerified: true });
    await db.insert(userSettings).values({ userId: admin });
    await db.insert(account).values({ id: randomUUID(), accountId: admin, providerId: "credential", userId: admin, password: await hashPassword(DEMO_PASSWORD) });
    await db.insert(member).values({ id: randomUUID(), organizationId: ministry, userId: admin, role: "ministry_admin" });
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [hz] = await db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, "330100"));
    const [cohortEntry] = await db.select().from(campaignCity).where(eq(campaignCity.cityOrgId, hz!.id));
    const later = randomUUID();
    await db.insert(campaign).values({ ...pilot!, id: later, slug: "other-2027", year: 2027, ministryOrgId: ministry, resultsPublishedAt: null });
    await db.insert(campaignCity).values({ campaignId: later, cityOrgId: hz!.id, agencyOrgId: cohortEntry!.agencyOrgId });

    const params = { slug: "other-2027", code: "330100" };
    const other = await signIn("admin@other-ministry.test");
    const seen = await other.load(profile, "/campaigns/other-2027/cities/330100/profile", params);
    expect(seen.status).toBe(200);
    expect((seen.body as Profile).profile.history.map((h) => h.slug)).toEqual([]);
    // Nor can it open the first ministry's campaign or ranking.
    expect((await other.load(ranking, "/campaigns/pilot-2026/ranking", { slug: "pilot-2026" })).status).toBe(403);
    // The city itself reads its own history in both ministries' campaigns.
    const city = await signIn("approver.330100@zhiping.demo");
    const own = await city.load(profile, "/campaigns/other-2027/cities/330100/profile", params);
    expect((own.body as Profile).profile.history.map((h) => h.slug)).toEqual(["pilot-2025", "pilot-2026"]);
  });
});
