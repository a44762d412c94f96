import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaign, orgProfile, result, submission, user } from "../../../db/schema";
import { auditTrail, verifyAuditChain } from "../../../app/features/audit/index.server";
import { cityReportData } from "../../../app/features/reports/index.server";
import { startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

describe.each(DRIVERS)("who did what is shown as it was recorded, on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("an account renamed later does not rewrite its past reviews, sign-offs or the official report; the chain still verifies", async () => {
    const { db } = database;
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [hz] = await db.select({ id: orgProfile.organizationId }).from(orgProfile).where(eq(orgProfile.divisionCode, "330100"));
    const [frozen] = await db.select().from(result).where(and(eq(result.campaignId, pilot!.id), eq(result.cityOrgId, hz!.id)));
    const before = await cityReportData(db, pilot!.id, hz!.id, "zh");
    const [lead] = await db.select().from(user).where(eq(user.id, frozen!.signedOffBy));
    expect(before.signOff.lead).toBe(lead!.name);

    // However the name changed (an admin's edit, a future profile page), the past keeps the name it had.
    await db.update(user).set({ name: "冒名顶替者" });
    const after = await cityReportData(db, pilot!.id, hz!.id, "zh");
    expect(after.signOff).toEqual(before.signOff);
    expect(after.findings.map((f) => f.by)).toEqual(before.findings.map((f) => f.by));
    expect(after.history.map((h) => h.actor)).toEqual(before.history.map((h) => h.actor));
    const [sub] = await db.select().from(submission).where(eq(submission.id, frozen!.submissionId));
    const trail = await auditTrail(db, pilot!.id, "submission", sub!.id);
    expect(trail.length).toBeGreaterThan(0);
    expect(trail.filter((e) => e.by === "冒名顶替者")).toEqual([]);
    expect(await verifyAuditChain(db, pilot!.id)).toMatchObject({ ok: true });
  });
});
