import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { campaign, campaignCity, indicatorValue, organization, orgProfile, result, submission, user, type SubmissionStatus } from "../schema";
import { DEMO_MINISTRY } from "./demo-data";
import { PROVINCES } from "../../app/platform/divisions";
import { frameworkIndicators, getFramework, scoreColumns, toEngineColumns, toScoringModel, unitResult } from "../../indicators/index";

const FRAMEWORK = "zhiping-pilot@1.0.0";
const METHOD = { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic", dataThreshold: 0.5 } as const;

const TIERS = ["一线", "新一线", "二线", "三线", "四线", "五线"];

export interface ScaleOptions {
  slug: string;
  count: number;
  /** "city" names units 市, "town" 镇; both are cohort members of kind city. */
  unit: "city" | "town";
  /** Share of the cohort signed off (scored and ranked); the rest are spread over the earlier statuses. */
  signedOffShare?: number;
  /** Called after each chunk with the units inserted so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A deterministic generator, so that the same command seeds the same campaign. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * A campaign of `count` synthetic units owned by the demo ministry (whose tenants must exist),
 * inserted directly in chunks: division codes shaped like GB/T 2260 (a real provincial prefix, then
 * a sequence), provinces, regions and tiers, every unit's entered values, a signed-off majority
 * scored together as sign-offs do, the others at earlier steps of the workflow. For benchmarks and rehearsing the town-scale campaign.
 */
export async function seedScaleCampaign(db: Db, options: ScaleOptions): Promise<{ campaignId: string; signedOff: number }> {
  const { slug, count, unit, signedOffShare = 0.85, onProgress = () => {} } = options;
  if (!Number.isInteger(count) || count < 1 || count > 31 * 9999) throw new Error(`count must be a whole number from 1 to ${31 * 9999}`);
  const framework = getFramework(FRAMEWORK);
  const indicators = frameworkIndicators(framework);
  const [ministry] = await db.select().from(organization).where(eq(organization.slug, DEMO_MINISTRY.slug));
  const [agency] = await db.select().from(organization).where(eq(organization.slug, "huaxin-eval"));
  const [lead] = await db.select().from(user).where(eq(user.email, "lead@huaxin.demo"));
  if (!ministry || !agency || !lead) throw new Error("the demo's ministry, agency and lead assessor must be seeded first");
  if ((await db.select({ id: campaign.id }).from(campaign).where(eq(campaign.slug, slug))).length) throw new Error(`a campaign "${slug}" already exists`);

  const random = generator(7);
  const campaignId = randomUUID();
  const label = unit === "town" ? { zh: "镇", en: "towns" } : { zh: "城", en: "cities" };
  await db.insert(campaign).values({
    id: campaignId, slug, ministryOrgId: ministry.id, nameZh: `规模演练批次（${count} ${label.zh}）`, nameEn: `Scale rehearsal (${count} ${label.en})`, year: 2026,
    frameworkRef: FRAMEWORK, method: METHOD, status: "open", submissionDeadline: new Date("2026-12-01"), reviewDeadline: new Date("2026-12-31"),
  });
  // Codes already taken (the demo's real cities, an earlier rehearsal) are skipped, not collided with.
  const taken = new Set((await db.select({ code: orgProfile.divisionCode }).from(orgProfile)).map((r) => r.code));
  const nextSequence = new Map<string, number>();
  const freeCode = (prefix: string) => {
    let sequence = nextSequence.get(prefix) ?? 1;
    while (taken.has(`${prefix}${String(sequence).padStart(4, "0")}`)) sequence++;
    if (sequence > 9999) throw new Error(`no free division code left under ${prefix}`);
    nextSequence.set(prefix, sequence + 1);
    return `${prefix}${String(sequence).padStart(4, "0")}`;
  };
  const units = Array.from({ length: count }, (_, k) => {
    const [prefix, province, region] = PROVINCES[k % PROVINCES.length]!;
    const code = freeCode(prefix);
    const signedOff = random() < signedOffShare;
    const status: SubmissionStatus = signedOff ? "signed_off" : (["draft", "submitted", "in_review", "returned"] as const)[Math.floor(random() * 4)]!;
    return { id: randomUUID(), sub: randomUUID(), code, province, region, tier: TIERS[Math.floor(random() * TIERS.length)]!, status, population: Math.round(20_000 + random() ** 3 * (unit === "town" ? 200_000 : 12_000_000)) };
  });
  const scoredUnits = units.filter((u) => u.status === "signed_off");
  const inputs = scoredUnits.map((u) => ({
    code: u.id,
    values: Object.fromEntries(
      indicators.map((i) => [i.code, i.kind === "rubric" ? i.levels[Math.floor(random() * i.levels.length)]!.level : i.kind === "binary" ? (random() < 0.6 ? 1 : 0) : Math.round(random() * 10000) / 100]),
    ) as Record<string, number>,
  }));
  const inputOf = new Map(inputs.map((input) => [input.code, input]));
  // What each unit's office entered: a signed-off unit's values are the ones its result froze; a
  // draft has filled in half of the framework so far.
  const unsigned = generator(11);
  const enteredValues = (u: (typeof units)[number]) => {
    const frozen = inputOf.get(u.id)?.values;
    const filled = u.status === "draft" ? indicators.slice(0, indicators.length >> 1) : indicators;
    return filled.map((i) => ({
      submissionId: u.sub,
      indicatorCode: i.code,
      value: frozen?.[i.code] ?? (i.kind === "rubric" ? i.levels[Math.floor(unsigned() * i.levels.length)]!.level : i.kind === "binary" ? (unsigned() < 0.6 ? 1 : 0) : Math.round(unsigned() * 10000) / 100),
      narrative: "",
      dataSource: i.dataSource.zh,
      origin: "department" as const,
      qualityGrade: "measured" as const,
      // The rehearsal has no city users: its values are entered as the lead assessor.
      updatedBy: lead.id,
    }));
  };
  const columns = toEngineColumns(framework, inputs);
  const scored = scoredUnits.length ? scoreColumns(toScoringModel(framework), columns.unitCodes, columns.columns, METHOD) : null;
  const lastSignedOff = scoredUnits.at(-1)?.id;
  let sequence = 0;

  for (let start = 0; start < count; start += 500) {
    const slice = units.slice(start, start + 500);
    await db.transaction(async (tx) => {
      await tx.insert(organization).values(slice.map((u) => ({ id: u.id, name: `${u.province.slice(0, 2)}演练${label.zh}${u.code}`, slug: `scale-${slug}-${u.code}` })));
      await tx.insert(orgProfile).values(slice.map((u) => ({ organizationId: u.id, kind: "city" as const, divisionCode: u.code, province: u.province, region: u.region, tier: u.tier, population: u.population, nameEn: `Rehearsal ${unit} ${u.code}` })));
      await tx.insert(campaignCity).values(slice.map((u) => ({ campaignId, cityOrgId: u.id, agencyOrgId: agency.id })));
      await tx.insert(submission).values(slice.map((u) => ({ id: u.sub, campaignId, cityOrgId: u.id, status: u.status, round: 1 })));
      const values = slice.flatMap(enteredValues);
      // Within PostgreSQL's 65,535 parameters a statement.
      for (let at = 0; at < values.length; at += 5000) await tx.insert(indicatorValue).values(values.slice(at, at + 5000));
      const signed = slice.filter((u) => u.status === "signed_off");
      // Every result freezes its own unit (decision 016); only the last, the standing, carries the cohort's real hash.
      if (signed.length && scored)
        await tx.insert(result).values(
          signed.map((u) => {
            const last = u.id === lastSignedOff;
            sequence++;
            return {
              id: randomUUID(), submissionId: u.sub, campaignId, cityOrgId: u.id, frameworkRef: FRAMEWORK, method: METHOD, engineVersion: scored.engineVersion,
              hash: last ? scored.hash : "0".repeat(64), inputs: { units: [inputOf.get(u.id)!] }, scores: unitResult(scored, u.id), signedOffBy: lead.id,
              signedOffAt: new Date(Date.UTC(2026, 10, 1) + sequence * 1000),
              cohortSeq: sequence,
            };
          }),
        );
    });
    onProgress(Math.min(start + 500, count), count);
  }
  return { campaignId, signedOff: scoredUnits.length };
}
