import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { demoDeadlines, DEMO_AGENCIES, DEMO_CAMPAIGN, DEMO_CITIES, DEMO_MINISTRY, DEMO_OWN_FRAMEWORK, DEMO_PASSWORD, DEMO_PREVIOUS_CAMPAIGN } from "./demo-data";
import { account, campaign, campaignCity, framework, frameworkMapping, frameworkVersion, member, organization, orgProfile, user, userSettings } from "../schema";
import { frameworkIndicators, getFramework } from "../../indicators";

export interface DemoLogin {
  email: string;
  role: string;
  organization: string;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [first] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${organization}`));
  return first!.n === 0;
}

/** Seeds the demo tenants, users and campaign `pilot-2026` in one transaction. */
export async function seedDemo(db: Db): Promise<DemoLogin[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  await db.transaction(async (tx) => {
    const addOrg = async (slug: string, name: string, profile: Omit<typeof orgProfile.$inferInsert, "organizationId">) => {
      const id = randomUUID();
      await tx.insert(organization).values({ id, name, slug });
      await tx.insert(orgProfile).values({ organizationId: id, ...profile });
      return id;
    };
    const addUser = async (email: string, name: string, memberships: [string, string, string][], platformAdmin = false) => {
      const id = randomUUID();
      await tx.insert(user).values({ id, name, email, emailVerified: true });
      await tx.insert(account).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
      await tx.insert(userSettings).values({ userId: id, locale: "zh-CN", platformAdmin });
      for (const [orgId, role, orgName] of memberships) {
        await tx.insert(member).values({ id: randomUUID(), organizationId: orgId, userId: id, role });
        logins.push({ email, role, organization: orgName });
      }
      if (platformAdmin) logins.push({ email, role: "platform_admin", organization: "—" });
      return id;
    };

    const ministryId = await addOrg(DEMO_MINISTRY.slug, DEMO_MINISTRY.name, { kind: "ministry", nameEn: DEMO_MINISTRY.nameEn });
    const agencyIds: string[] = [];
    for (const a of DEMO_AGENCIES) agencyIds.push(await addOrg(a.slug, a.name, { kind: "agency", nameEn: a.nameEn }));
    const cityIds: string[] = [];
    for (const c of DEMO_CITIES)
      cityIds.push(
        await addOrg(`city-${c.code}`, c.name, {
          kind: "city",
          divisionCode: c.code,
          province: c.province,
          region: c.region,
          tier: c.tier,
          population: c.population,
          nameEn: c.nameEn,
        }),
      );

    await addUser("admin@zhiping.demo", "平台管理员", [], true);
    const ministryAdminId = await addUser("ministry.admin@zhiping.demo", "王部长（演示）", [[ministryId, "ministry_admin", DEMO_MINISTRY.name]]);
    await addUser("ministry.analyst@zhiping.demo", "李分析（演示）", [[ministryId, "ministry_analyst", DEMO_MINISTRY.name]]);
    for (const [i, a] of DEMO_AGENCIES.entries()) {
      await addUser(`lead@${a.domain}.demo`, `${a.name.slice(0, 2)}首席评估师`, [[agencyIds[i]!, "agency_lead", a.name]]);
      await addUser(`assessor@${a.domain}.demo`, `${a.name.slice(0, 2)}评估师`, [[agencyIds[i]!, "agency_assessor", a.name]]);
    }
    // An independent expert who assesses for both agencies: shows the organization switcher.
    await addUser("expert@zhiping.demo", "赵专家（两家机构）", [
      [agencyIds[0]!, "agency_assessor", DEMO_AGENCIES[0].name],
      [agencyIds[1]!, "agency_assessor", DEMO_AGENCIES[1].name],
    ]);
    for (const [i, c] of DEMO_CITIES.entries()) {
      await addUser(`approver.${c.code}@zhiping.demo`, `${c.name}审核人`, [[cityIds[i]!, "city_approver", c.name]]);
      await addUser(`editor.${c.code}@zhiping.demo`, `${c.name}填报员`, [[cityIds[i]!, "city_editor", c.name]]);
    }

    // Last year's round, closed; the activity seed replays its workflow (db/seed/activity.ts).
    const previousId = randomUUID();
    await tx.insert(campaign).values({ id: previousId, ministryOrgId: ministryId, status: "closed", ...DEMO_PREVIOUS_CAMPAIGN, createdAt: new Date(Date.now() - 1000) });
    await tx.insert(campaignCity).values(cityIds.map((cityOrgId, i) => ({ campaignId: previousId, cityOrgId, agencyOrgId: agencyIds[(i + 1) % 2]! })));
    const campaignId = randomUUID();
    await tx.insert(campaign).values({ id: campaignId, ministryOrgId: ministryId, status: "open", ...DEMO_CAMPAIGN, ...demoDeadlines(new Date()) });
    await tx.insert(campaignCity).values(
      cityIds.map((cityOrgId, i) => ({
        campaignId,
        cityOrgId,
        agencyOrgId: agencyIds[i % 2]!,
        // Hangzhou and Yinchuan get a second, independent assessor from the other agency.
        secondAgencyOrgId: i < 2 ? agencyIds[(i + 1) % 2]! : null,
      })),
    );
    // 1.1.0 kept 1.0.0's indicators: the confirmed mapping says so, and the history checks follow it.
    const mapped = frameworkIndicators(getFramework(DEMO_PREVIOUS_CAMPAIGN.frameworkRef)).map((i) => [i.code, i.code]);
    await tx.insert(frameworkMapping).values({ fromRef: DEMO_PREVIOUS_CAMPAIGN.frameworkRef, toRef: DEMO_CAMPAIGN.frameworkRef, mapping: Object.fromEntries(mapped), updatedBy: ministryAdminId });

    const [shared] = await tx.select({ document: frameworkVersion.document }).from(frameworkVersion).where(eq(frameworkVersion.ref, DEMO_OWN_FRAMEWORK.basedOn));
    const own = DEMO_OWN_FRAMEWORK;
    await tx.insert(framework).values({ id: own.id, ownerOrgId: ministryId });
    await tx.insert(frameworkVersion).values({
      ref: `${own.id}@${own.version}`,
      frameworkId: own.id,
      version: own.version,
      status: "draft",
      document: { ...shared!.document, id: own.id, version: own.version, status: "draft", name: own.name, rules: own.rules },
      basedOn: own.basedOn,
      createdBy: ministryAdminId,
    });
  });
  return logins;
}
