import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaignCity, organization, orgProfile } from "../../../db/schema";
import { readSheetRows } from "../../platform/spreadsheet-file.server";
import { appendAudit } from "../audit/index.server";
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import { lockCampaign } from "./commands.server";

/** Which cities a bulk addition takes: every city of a province and/or tier, or the division codes of a file. */
export type CohortSelection = { by: "filter"; province: string; tier: string } | { by: "codes"; codes: { code: string; row: number }[] };

export interface CohortSelectionOutcome {
  /** The cities to add, in division-code order (those already in the cohort are left out). */
  cities: { id: string; code: string; name: string }[];
  alreadyIn: number;
  /** A code of the file that names no city, by its row; any of them refuses the whole addition. */
  problems: { row: number; code: string; problem: Problem }[];
}

/** A file's division codes, one per row in its first column (a header row is allowed): CSV, TXT or XLSX. */
export async function readCodesFile(bytes: Uint8Array): Promise<{ codes: { code: string; row: number }[] } | { problem: Problem }> {
  // Every town of the country, and a header.
  const read = await readSheetRows(bytes, { width: 1, maxRows: 25_001, tooMany: (rows) => problem("p_onboardTooManyRows", { rows: rows - 1, max: 25_000 }) });
  if ("problem" in read) return read;
  const codes = read.rows.map((cells, i) => ({ code: cells[0] ?? "", row: i + 1 })).filter((c) => c.code !== "" && !(c.row === 1 && !/^\d/.test(c.code)));
  if (!codes.length) return { problem: problem("p_cohortFileEmpty") };
  return { codes };
}

/** The cities a selection names, checked: unknown or malformed codes by row, and how many are in the cohort already. */
export async function selectCohortCities(db: Db, campaignId: string, selection: CohortSelection): Promise<CohortSelectionOutcome> {
  const cities = db
    .select({ id: organization.id, code: orgProfile.divisionCode, name: organization.name })
    .from(orgProfile)
    .innerJoin(organization, eq(organization.id, orgProfile.organizationId));
  const problems: CohortSelectionOutcome["problems"] = [];
  let found: { id: string; code: string | null; name: string }[];
  if (selection.by === "filter") {
    found = await cities.where(
      and(
        eq(orgProfile.kind, "city"),
        selection.province ? eq(orgProfile.province, selection.province) : undefined,
        selection.tier ? eq(orgProfile.tier, selection.tier) : undefined,
      ),
    );
  } else {
    for (const { code, row } of selection.codes) if (!/^\d{6}$/.test(code)) problems.push({ row, code, problem: problem("p_cohortCodeFormat", { got: code }) });
    const wanted = [...new Set(selection.codes.map((c) => c.code).filter((c) => /^\d{6}$/.test(c)))];
    found = [];
    for (let at = 0; at < wanted.length; at += 5000) found.push(...(await cities.where(and(eq(orgProfile.kind, "city"), inArray(orgProfile.divisionCode, wanted.slice(at, at + 5000))))));
    const known = new Set(found.map((c) => c.code));
    for (const { code, row } of selection.codes) if (/^\d{6}$/.test(code) && !known.has(code)) problems.push({ row, code, problem: problem("p_cohortCodeUnknown", { code }) });
  }
  const inCohort = new Set((await db.select({ id: campaignCity.cityOrgId }).from(campaignCity).where(eq(campaignCity.campaignId, campaignId))).map((r) => r.id));
  const unique = [...new Map(found.map((c) => [c.id, c])).values()];
  const toAdd = unique.filter((c) => !inCohort.has(c.id)).map((c) => ({ id: c.id, code: c.code ?? "", name: c.name }));
  toAdd.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { cities: toAdd, alreadyIn: unique.length - toAdd.length, problems: problems.sort((a, b) => a.row - b.row) };
}

/**
 * Adds many cities to the cohort with one assessor (and an optional second), all or none, as one
 * audit entry naming every code: the campaign's chain gets one link, not 20,401.
 */
export async function addCohortCities(db: Db, campaignId: string, userId: string, input: { cityOrgIds: string[]; agencyOrgId: string; secondAgencyOrgId: string | null }): Promise<number> {
  return db.transaction(async (tx) => {
    await lockCampaign(tx, campaignId, "cohort");
    if (input.secondAgencyOrgId && input.secondAgencyOrgId === input.agencyOrgId) throw new ProblemError(problem("secondSameAsPrimary"), 400, "secondAgencyOrgId");
    const agencies = await tx.select({ id: orgProfile.organizationId }).from(orgProfile).where(and(eq(orgProfile.kind, "agency"), inArray(orgProfile.organizationId, [input.agencyOrgId, ...(input.secondAgencyOrgId ? [input.secondAgencyOrgId] : [])])));
    if (!agencies.some((a) => a.id === input.agencyOrgId)) throw new ProblemError(problem("chooseAgency"), 409, "agencyOrgId");
    if (input.secondAgencyOrgId && !agencies.some((a) => a.id === input.secondAgencyOrgId)) throw new ProblemError(problem("chooseAgency"), 409, "secondAgencyOrgId");
    const ids = [...new Set(input.cityOrgIds)];
    const codes: string[] = [];
    for (let at = 0; at < ids.length; at += 5000) {
      const slice = ids.slice(at, at + 5000);
      const cities = await tx.select({ id: orgProfile.organizationId, code: orgProfile.divisionCode }).from(orgProfile).where(and(eq(orgProfile.kind, "city"), inArray(orgProfile.organizationId, slice)));
      if (cities.length !== slice.length) throw new ProblemError(problem("chooseCity"), 409, "cityOrgId");
      const added = await tx
        .insert(campaignCity)
        .values(slice.map((cityOrgId) => ({ campaignId, cityOrgId, agencyOrgId: input.agencyOrgId, secondAgencyOrgId: input.secondAgencyOrgId })))
        .onConflictDoNothing()
        .returning({ id: campaignCity.cityOrgId });
      const addedIds = new Set(added.map((a) => a.id));
      codes.push(...cities.filter((c) => addedIds.has(c.id)).map((c) => c.code ?? c.id));
    }
    if (!codes.length) throw new ProblemError(problem("p_cohortNothingToAdd"), 409);
    await appendAudit(tx, campaignId, { actorUserId: userId, entity: "campaign", entityId: campaignId, action: "cohort.bulk-added", after: { cities: codes.length, codes: codes.sort(), agencyOrgId: input.agencyOrgId, secondAgencyOrgId: input.secondAgencyOrgId } });
    return codes.length;
  });
}

/** Provinces and tiers the cities on the platform have, for the bulk addition's filters. */
export async function cityFacets(db: Db) {
  const rows = await db
    .select({ province: orgProfile.province, tier: orgProfile.tier, n: sql<number>`count(*)::int` })
    .from(orgProfile)
    .where(eq(orgProfile.kind, "city"))
    .groupBy(orgProfile.province, orgProfile.tier);
  const collator = new Intl.Collator("zh-CN");
  const values = (pick: (r: (typeof rows)[number]) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => !!v))].sort(collator.compare);
  return { provinces: values((r) => r.province), tiers: values((r) => r.tier) };
}
