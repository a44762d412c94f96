import { and, eq, inArray } from "drizzle-orm";
import { DEMO_CAMPAIGN } from "../../../db/seed/demo-data";
import { describe, expect, it } from "vitest";
import { campaign, campaignCity, member, result, submission, user } from "../../../db/schema";
import { getFramework, frameworkIndicators } from "../../../indicators";
import { reviewIndicators, signOff } from "../../../app/features/review/index.server";
import { campaignStanding } from "../../../app/features/results/index.server";
import { ProblemError } from "../../../app/features/i18n";
import { startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { judgeAllEvidence } from "../../helpers/submissions";

const codes = frameworkIndicators(getFramework(DEMO_CAMPAIGN.frameworkRef)).map((i) => i.code);

describe.each(DRIVERS)("parallel sign-offs on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("results freeze in the order they took the campaign's lock, and the latest holds every signed-off city", async () => {
    const { db } = database;
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const waiting = await db
      .select({ sub: submission, agency: campaignCity.agencyOrgId })
      .from(submission)
      .innerJoin(campaignCity, and(eq(campaignCity.campaignId, submission.campaignId), eq(campaignCity.cityOrgId, submission.cityOrgId)))
      .where(and(eq(submission.campaignId, pilot!.id), eq(submission.status, "in_review")));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    const leadOf = async (agency: string) =>
      (await db.select({ id: user.id }).from(member).innerJoin(user, eq(user.id, member.userId)).where(and(eq(member.organizationId, agency), eq(member.role, "agency_lead"))))[0]!.id;
    for (const w of waiting) {
      expect(await reviewIndicators(db, w.sub, w.agency, await leadOf(w.agency), codes.map((code) => ({ code, decision: "accepted" as const })))).toEqual({ ok: true });
      await judgeAllEvidence(db, w.sub, w.agency);
    }
    const fresh = async (id: string) => (await db.select().from(submission).where(eq(submission.id, id)))[0]!;
    const leads = await Promise.all(waiting.map((w) => leadOf(w.agency)));
    await Promise.all(waiting.map(async (w, k) => signOff(db, await fresh(w.sub.id), w.agency, leads[k]!)));

    const results = await db.select().from(result).where(eq(result.campaignId, pilot!.id));
    const seqs = results.map((r) => r.cohortSeq).sort((a, b) => a - b);
    expect(seqs).toEqual(results.map((_, k) => k + 1));
    // Each result froze exactly the cities that froze before it, and itself.
    for (const r of results) expect(r.inputs.units.map((u) => u.code).sort()).toEqual(results.filter((o) => o.cohortSeq <= r.cohortSeq).map((o) => o.cityOrgId).sort());
    const signedOff = await db.select({ city: submission.cityOrgId }).from(submission).where(and(eq(submission.campaignId, pilot!.id), eq(submission.status, "signed_off")));
    const standing = await campaignStanding(db, pilot!.id);
    expect(standing!.latest.id).toBe(results.find((r) => r.cohortSeq === results.length)!.id);
    expect(standing!.latest.inputs.units.map((u) => u.code).sort()).toEqual(signedOff.map((s) => s.city).sort());
  });

  it("a repeated sign-off is refused as a conflict, changing nothing", async () => {
    const { db } = database;
    const [done] = await db.select({ sub: submission, agency: campaignCity.agencyOrgId }).from(submission).innerJoin(campaignCity, and(eq(campaignCity.campaignId, submission.campaignId), eq(campaignCity.cityOrgId, submission.cityOrgId))).where(eq(submission.status, "signed_off")).limit(1);
    const before = await db.select({ id: result.id }).from(result);
    const lead = (await db.select({ id: member.userId }).from(member).where(and(eq(member.organizationId, done!.agency), inArray(member.role, ["agency_lead"]))))[0]!.id;
    const again = await signOff(db, done!.sub, done!.agency, lead).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ProblemError);
    expect((again as ProblemError).status).toBe(409);
    expect(await db.select({ id: result.id }).from(result)).toHaveLength(before.length);
  });
});
