import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaign, campaignCity, member, orgProfile, user } from "../../db/schema";
import { frameworkIndicators } from "../../indicators/framework/model";
import type { IndicatorNode } from "../../indicators/framework/schema";
import { campaignFramework, getOrCreateSubmission, reviewIndicators, saveValues, signOff, transition } from "./submissions.server";

/** How far along each demo city is in pilot-2026, and how strong its programme is (0..1). */
const PLAN: Record<string, { stage: "signed_off" | "in_review" | "returned" | "draft"; strength: number }> = {
  "330100": { stage: "signed_off", strength: 0.9 },
  "640100": { stage: "signed_off", strength: 0.72 },
  "370800": { stage: "signed_off", strength: 0.58 },
  "520100": { stage: "signed_off", strength: 0.8 },
  "500112": { stage: "signed_off", strength: 0.75 },
  "500118": { stage: "signed_off", strength: 0.45 },
  "110105": { stage: "signed_off", strength: 0.85 },
  "330483": { stage: "signed_off", strength: 0.66 },
  "420100": { stage: "in_review", strength: 0.78 },
  "430100": { stage: "in_review", strength: 0.7 },
  "360100": { stage: "returned", strength: 0.52 },
  "340100": { stage: "draft", strength: 0.74 },
};

/** Deterministic noise in [0, 1) from a string: the demo is the same on every machine. */
function noise(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

function plausibleValue(ind: IndicatorNode, city: string, strength: number): number {
  const q = Math.min(1, Math.max(0, strength + (noise(`${city}:${ind.code}`) - 0.5) * 0.4));
  if (ind.kind === "rubric") return ind.levels[Math.round(q * (ind.levels.length - 1))]!.level;
  if (ind.kind === "binary") return q > 0.55 ? 1 : 0;
  const n = ind.normalisation;
  const [lo, hi] = n?.method === "goalposts" ? [n.lower, n.upper] : (ind.expectedRange ?? [0, 100]);
  const good = ind.direction === "higher" ? lo + (hi - lo) * q : hi - (hi - lo) * q;
  return Math.round(good * 100) / 100;
}

async function firstMember(db: Db, orgId: string, role: string) {
  const [row] = await db.select({ id: user.id }).from(member).innerJoin(user, eq(user.id, member.userId)).where(and(eq(member.organizationId, orgId), eq(member.role, role)));
  return row!.id;
}

/** Fills, submits, reviews and signs off the demo campaign through the real workflow. */
export async function seedDemoActivity(db: Db): Promise<void> {
  const [pilot] = await db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
  if (!pilot) return;
  const { framework } = await campaignFramework(db, pilot.id);
  const indicators = frameworkIndicators(framework);
  const cohort = await db
    .select({ cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId, code: orgProfile.divisionCode })
    .from(campaignCity)
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .where(eq(campaignCity.campaignId, pilot.id));
  for (const city of cohort) {
    const plan = PLAN[city.code!];
    if (!plan) continue;
    const editor = await firstMember(db, city.cityOrgId, "city_editor");
    const approver = await firstMember(db, city.cityOrgId, "city_approver");
    const assessor = await firstMember(db, city.agencyOrgId, "agency_assessor");
    const lead = await firstMember(db, city.agencyOrgId, "agency_lead");
    let sub = await getOrCreateSubmission(db, pilot.id, city.cityOrgId);
    // A draft is half done; everyone else filled everything.
    const filled = plan.stage === "draft" ? indicators.filter((_, i) => i % 2 === 0) : indicators;
    await saveValues(
      db,
      sub,
      editor,
      filled.map((ind) => ({ code: ind.code, value: plausibleValue(ind, city.code!, plan.strength), narrative: `${ind.name.zh}：按框架口径统计。`, dataSource: ind.dataSource.zh, baseVersion: 0 })),
    );
    if (plan.stage === "draft") continue;
    sub = await transition(db, (await getOrCreateSubmission(db, pilot.id, city.cityOrgId)), "submit", approver);
    sub = await transition(db, sub, "startReview", assessor);
    if (plan.stage === "returned") {
      await reviewIndicators(db, sub, city.agencyOrgId, assessor, [{ code: "CE2.1", decision: "returned", reason: "满意度调查缺少抽样设计说明，请补充调查报告。" }]);
      await transition(db, sub, "returnForCorrection", assessor, "CE2.1 证据不足");
      continue;
    }
    const decisions = indicators.map((ind, i) =>
      i % 11 === 3
        ? { code: ind.code, decision: "adjusted" as const, value: plausibleValue(ind, city.code!, plan.strength - 0.1), reason: "核查原始台账后按实际口径调整。" }
        : { code: ind.code, decision: "accepted" as const },
    );
    await reviewIndicators(db, sub, city.agencyOrgId, assessor, plan.stage === "in_review" ? decisions.slice(0, 12) : decisions);
    if (plan.stage === "signed_off") await signOff(db, sub, city.agencyOrgId, lead);
  }
}
