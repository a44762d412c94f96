import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { DEMO_CAMPAIGN } from "../../../db/seed/demo-data";
import { describe, expect, it } from "vitest";
import { campaign, campaignCity, member, result, submission, user } from "../../../db/schema";
import { getFramework, frameworkIndicators, scoreUnits, toEngineInputs, toScoringModel } from "../../../indicators";
import { reviewIndicators, signOff } from "../../../app/features/review/index.server";
import { campaignStanding, frozenCohort, type FrozenUnit } from "../../../app/features/results/index.server";
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
    // Each result froze its own city, and was scored with exactly the cities that froze before it:
    // every result, not only the latest, reproduces its hash from them.
    const framework = getFramework(DEMO_CAMPAIGN.frameworkRef);
    for (const r of results) {
      expect(r.inputs.units.map((u) => u.code)).toEqual([r.cityOrgId]);
      const cohort = await frozenCohort(db, r);
      expect(cohort.map((u) => u.code)).toEqual([...results].sort((a, b) => a.cohortSeq - b.cohortSeq).filter((o) => o.cohortSeq <= r.cohortSeq).map((o) => o.cityOrgId));
      expect(scoreUnits(toScoringModel(framework), toEngineInputs(framework, cohort), r.method).hash).toBe(r.hash);
    }
    const signedOff = await db.select({ city: submission.cityOrgId }).from(submission).where(and(eq(submission.campaignId, pilot!.id), eq(submission.status, "signed_off")));
    const standing = await campaignStanding(db, pilot!.id);
    expect(standing!.latest.id).toBe(results.find((r) => r.cohortSeq === results.length)!.id);
    expect(standing!.cohort.map((u) => u.code).sort()).toEqual(signedOff.map((s) => s.city).sort());
  });

  it("a cohort the process kept is used only for the very results it was read from", async () => {
    const { db } = database;
    const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const results = (await db.select().from(result).where(eq(result.campaignId, pilot!.id))).sort((a, b) => a.cohortSeq - b.cohortSeq);
    const last = results.at(-1)!;
    const kept = await frozenCohort(db, last);
    // Another history of the same campaign (as a copy of the database that went its own way would
    // have): the same place in the sign-off order, another result with other values.
    const stranger = { ...last, id: randomUUID(), inputs: { units: [{ code: last.cityOrgId, values: { ...last.inputs.units[0]!.values, "CE1.1": -1 } }] } };
    let seen: FrozenUnit[] = [];
    await db
      .transaction(async (tx) => {
        await tx.delete(result).where(eq(result.id, last.id));
        await tx.insert(result).values(stranger);
        seen = await frozenCohort(tx, stranger);
        tx.rollback();
      })
      .catch((e: unknown) => expect((e as Error).message).toBe("Rollback"));
    expect(seen.at(-1)!.values["CE1.1"]).toBe(-1);
    expect(seen.slice(0, -1)).toEqual(kept.slice(0, -1));
    const again = await frozenCohort(db, last);
    expect(again).toEqual(kept);
    expect(again.at(-1)!.values["CE1.1"]).not.toBe(-1);
  });

  it("migration 0018 keeps of a result that froze its whole cohort (the earlier layout) only its own city's inputs", async () => {
    const { db } = database;
    const results = (await db.select().from(result)).sort((a, b) => a.campaignId.localeCompare(b.campaignId) || a.cohortSeq - b.cohortSeq);
    expect(results.length).toBeGreaterThan(2);
    const migration = readFileSync(new URL("../../../db/migrations/0018_result_own_inputs.sql", import.meta.url), "utf8");
    await db
      .transaction(async (tx) => {
        for (const r of results) {
          const cohort = results.filter((o) => o.campaignId === r.campaignId && o.cohortSeq <= r.cohortSeq).map((o) => o.inputs.units[0]!);
          await tx.update(result).set({ inputs: { units: cohort } }).where(eq(result.id, r.id));
        }
        expect((await tx.select().from(result)).some((r) => r.inputs.units.length > 1)).toBe(true);
        await tx.execute(sql.raw(migration));
        const migrated = await tx.select({ id: result.id, inputs: result.inputs }).from(result);
        expect(new Map(migrated.map((r) => [r.id, r.inputs]))).toEqual(new Map(results.map((r) => [r.id, r.inputs])));
        tx.rollback();
      })
      .catch((e: unknown) => expect((e as Error).message).toBe("Rollback"));
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
