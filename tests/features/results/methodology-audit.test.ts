import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaign, resultAudit } from "../../../db/schema";
import { auditsSettled, campaignStanding, methodologyAudit } from "../../../app/features/results/index.server";
import * as auditPage from "../../../app/routes/campaigns.$slug.audit";
import * as rankingApi from "../../../app/routes/api.v1.campaigns.$slug.ranking";
import { signIn, startAppWithActivity, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

const path = "/campaigns/pilot-2026/audit";
const params = { slug: "pilot-2026" };

describe.each(DRIVERS)("the methodology audit on %s", (driver) => {
  const database = useApp(driver, startAppWithActivity);

  it("is computed once per frozen result in a worker, stored, and the same on every later read", async () => {
    const [row] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const first = await methodologyAudit(database.db, row!.id);
    expect(first.state).toBe("running");
    await auditsSettled();
    const done = await methodologyAudit(database.db, row!.id);
    if (done.state !== "done") throw new Error(`audit ${done.state}: ${JSON.stringify(done)}`);
    const standing = (await campaignStanding(database.db, row!.id))!;
    // One interval per signed-off city, around the rank the ranking shows; seeded by the result's hash.
    expect(done.audit.rankIntervals.map((r) => r.unit).sort()).toEqual([...standing.scored.unitCodes].sort());
    for (const r of done.audit.rankIntervals) {
      const u = standing.scored.unitCodes.indexOf(r.unit);
      expect(r.nominal).toBe(standing.scored.ranks.Index![u]);
      expect(r.q5).toBeLessThanOrEqual(r.median);
      expect(r.median).toBeLessThanOrEqual(r.q95);
    }
    expect(done.audit.hash).toBe(standing.latest.hash);
    expect(done.audit.sensitivity.map((s) => s.variable)).toEqual(["weights"]);
    const stored = await database.db.select().from(resultAudit).where(eq(resultAudit.campaignId, row!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: "done", progress: 100, resultHash: standing.latest.hash });
    // Read again (as after a restart): the stored audit, not a new draw.
    expect((await methodologyAudit(database.db, row!.id)) as unknown).toMatchObject({ state: "done", audit: done.audit });
  });

  it("is read by the owning ministry and the cohort's assessors; ranks only as the ranking is shown", async () => {
    const ministry = await signIn("ministry.admin@zhiping.demo");
    const page = (await ministry.load(auditPage, path, params)) as { status: number; body: Awaited<ReturnType<typeof auditPage.loader>> };
    expect(page.status).toBe(200);
    await auditsSettled();
    const done = (await ministry.load(auditPage, path, params)).body as Awaited<ReturnType<typeof auditPage.loader>>;
    expect(done.audit.state).toBe("done");
    if (done.audit.state === "done") expect(done.audit.rankIntervals.length).toBeGreaterThan(0);
    const lead = await signIn("lead@huaxin.demo");
    const agency = (await lead.load(auditPage, path, params)).body as Awaited<ReturnType<typeof auditPage.loader>>;
    // The ranking is not published in the demo: the assessor reads the framework's coherence, not the cities' ranks.
    expect(agency.showRanks).toBe(false);
    if (agency.audit.state === "done") expect(agency.audit.rankIntervals).toEqual([]);
    for (const email of ["editor.330100@zhiping.demo", "approver.640100@zhiping.demo"]) expect((await (await signIn(email)).load(auditPage, path, params)).status, email).toBe(403);
    void rankingApi;
  });
});
