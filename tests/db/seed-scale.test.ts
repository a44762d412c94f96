import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaign, orgProfile, submission } from "../../db/schema";
import { seedScaleCampaign } from "../../db/seed/scale";
import { campaignRanking } from "../../app/features/results/index.server";
import { startApp, useApp } from "../helpers/app";
import { DRIVERS } from "../helpers/database";

describe.each(DRIVERS)("npm run demo:scale on %s", (driver) => {
  const database = useApp(driver, startApp);

  it("seeds a campaign of N units beside the demo: GB/T 2260-shaped codes that collide with none, every province, a signed-off majority ranked together", async () => {
    const before = await database.db.select({ code: orgProfile.divisionCode }).from(orgProfile);
    const progress: number[] = [];
    const { campaignId, signedOff } = await seedScaleCampaign(database.db, { slug: "scale-towns-1200", count: 1200, unit: "town", onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([500, 1000, 1200]);
    const ranking = await campaignRanking(database.db, campaignId);
    expect(ranking.rows).toHaveLength(1200);
    const codes = ranking.rows.map((r) => r.code);
    expect(new Set(codes).size).toBe(1200);
    expect(codes.every((c) => /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])\d{4}$/.test(c))).toBe(true);
    expect(codes.some((c) => before.some((b) => b.code === c))).toBe(false);
    expect(new Set(ranking.rows.map((r) => r.province)).size).toBe(31);
    // A signed-off majority, ranked 1…n by one scoring of all of them; the others unranked.
    const ranked = ranking.rows.filter((r) => r.rank !== null);
    expect(ranked).toHaveLength(signedOff);
    expect(signedOff / 1200).toBeGreaterThan(0.75);
    const statuses = await database.db.select({ city: submission.cityOrgId, status: submission.status }).from(submission).where(eq(submission.campaignId, campaignId));
    const statusOf = new Map(statuses.map((s) => [s.city, s.status]));
    expect([...new Set(ranked.map((r) => statusOf.get(r.orgId!)))]).toEqual(["signed_off"]);
    expect(new Set(statuses.map((s) => s.status)).size).toBeGreaterThan(2);
    expect(ranked.map((r) => r.rank).sort((a, b) => a! - b!)[0]).toBe(1);
    expect(Math.max(...ranked.map((r) => r.rank!))).toBeLessThanOrEqual(signedOff);
    expect(ranking.standing?.hash).toMatch(/^[0-9a-f]{64}$/);
    // The same slug again is refused and changes nothing.
    await expect(seedScaleCampaign(database.db, { slug: "scale-towns-1200", count: 10, unit: "town" })).rejects.toThrow(/already exists/);
    expect(await database.db.select().from(campaign).where(eq(campaign.slug, "scale-towns-1200"))).toHaveLength(1);
  }, 120_000);
});
