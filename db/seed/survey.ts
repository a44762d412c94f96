import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { member, surveyMargin, surveyResponse, user, type SurveyQuota } from "../schema";
import { freezeSurvey, scheduleSurvey } from "../../app/features/survey/index.server";
import { DEMO_SURVEY } from "./demo-data";

const DAY = 86_400_000;

/** Deterministic noise in [0, 1) from a string, so the demo's answers are the same on every machine. */
function noise(key: string): number {
  const h = createHash("sha256").update(key).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

const QUOTAS: SurveyQuota[] = [
  {
    id: "age",
    label: { zh: "您的年龄段", en: "Your age band" },
    categories: [
      { value: "18-34", label: { zh: "18–34 岁", en: "18–34" } },
      { value: "35-59", label: { zh: "35–59 岁", en: "35–59" } },
      { value: "60+", label: { zh: "60 岁及以上", en: "60 and over" } },
    ],
  },
  {
    id: "area",
    label: { zh: "您居住在", en: "You live in" },
    categories: [
      { value: "urban", label: { zh: "城区", en: "the urban area" } },
      { value: "rural", label: { zh: "乡镇或农村", en: "a town or village" } },
    ],
  },
];

/** Census-like population shares: older and more rural than the people who answer online. */
const margins = (code: string) => {
  const older = 0.18 + noise(`${code}:old`) * 0.1;
  const rural = 0.15 + noise(`${code}:rural`) * 0.25;
  return { age: { "18-34": 0.34, "35-59": 1 - 0.34 - older, "60+": older }, area: { urban: 1 - rural, rural } };
};

/** A Likert answer around the city's strength, a little lower for older respondents (the digital divide). */
function likert(strength: number, key: string, older: boolean) {
  const q = strength + (noise(key) - 0.5) * 0.9 - (older ? 0.12 : 0);
  return Math.min(5, Math.max(1, Math.round(1 + q * 4)));
}

/**
 * The demo's 2026 citizen survey: every city's simulated responses (hundreds, varying by city), with
 * a few set aside (a bot filling the honeypot, answers too fast, a burst of one pattern in Wuhan),
 * one city below the minimum sample, and every city closed and entered except Hefei, whose survey
 * stays open with a public link.
 */
export async function seedDemoSurvey(db: Db, campaign: { id: string; submissionDeadline: Date }, cohort: { code: string; cityOrgId: string; strength: number }[], ministryOrgId: string, now = new Date()) {
  const [admin] = await db.select({ id: user.id }).from(user).innerJoin(member, eq(member.userId, user.id)).where(eq(member.organizationId, ministryOrgId)).limit(1);
  const opensAt = new Date(now.getTime() - 40 * DAY);
  await scheduleSurvey(db, campaign.id, admin!.id, { opensAt, closesAt: campaign.submissionDeadline, quotas: QUOTAS });
  for (const city of cohort) {
    await db.insert(surveyMargin).values({ campaignId: campaign.id, cityOrgId: city.cityOrgId, margins: margins(city.code) });
    const n = DEMO_SURVEY.belowMinimum === city.code ? 137 : 240 + Math.floor(noise(`${city.code}:n`) * 380);
    const rows = Array.from({ length: n }, (_, i) => {
      const key = `${city.code}:${i}`;
      const age = noise(`${key}:age`) < 0.55 ? "18-34" : noise(`${key}:age2`) < 0.8 ? "35-59" : "60+";
      const area = noise(`${key}:area`) < 0.85 ? "urban" : "rural";
      const older = age === "60+";
      const recommend = Math.min(10, Math.max(0, Math.round(city.strength * 10 + (noise(`${key}:r`) - 0.5) * 7 - (older ? 1 : 0))));
      return {
        id: `demo-${city.code}-${String(i).padStart(4, "0")}`,
        campaignId: campaign.id,
        cityOrgId: city.cityOrgId,
        deviceHash: createHash("sha256").update(`demo-device:${key}`).digest("base64url"),
        answers: {
          "CE2.4:overall": likert(city.strength, `${key}:o`, older),
          "CE2.4:ease": likert(city.strength - 0.05, `${key}:e`, older),
          "CE2.4:response": likert(city.strength - 0.1, `${key}:p`, older),
          "CE2.5:recommend": recommend,
        },
        profile: { age, area },
        secondsTaken: 25 + Math.floor(noise(`${key}:s`) * 200),
        rejection: i % 97 === 13 ? ("too_fast" as const) : i % 131 === 7 ? ("honeypot" as const) : null,
        receivedAt: new Date(opensAt.getTime() + Math.floor(noise(`${key}:t`) * 30 * DAY)),
      };
    });
    if (city.code === DEMO_SURVEY.burst) {
      // A script posting one answer pattern over and over within a minute.
      const at = opensAt.getTime() + 12 * DAY;
      for (let i = 0; i < 45; i++)
        rows.push({ ...rows[0]!, id: `demo-${city.code}-burst-${i}`, deviceHash: createHash("sha256").update(`demo-burst:${i}`).digest("base64url"), answers: { "CE2.4:overall": 5, "CE2.4:ease": 5, "CE2.4:response": 5, "CE2.5:recommend": 10 }, secondsTaken: 9, rejection: null, receivedAt: new Date(at + i * 1000) });
    }
    for (let at = 0; at < rows.length; at += 500) await db.insert(surveyResponse).values(rows.slice(at, at + 500));
  }
  const closed = cohort.filter((c) => c.code !== DEMO_SURVEY.open).map((c) => c.cityOrgId);
  if (closed.length) await freezeSurvey(db, campaign.id, admin!.id, { cityOrgIds: closed, now });
}
