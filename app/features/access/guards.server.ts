import { redirect } from "@remix-run/node";
import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile } from "../../../db/schema";
import { getDb } from "../../platform/db.server";
import { problem, refusal } from "../i18n/index.server";
import { getSessionUser, type SessionUser } from "../accounts/index.server";
import { decide, type Action, type CampaignResource, type Resource } from "./permissions";
import { toResource } from "./resources";
import { withTenantScope } from "./tenant-scope.server";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** The 403 every guard answers when `decide` says no, in the reader's language; for a permission known only once the form is read. */
export function requirePermission(user: SessionUser, action: Action, resource: Resource) {
  const decision = decide(user.actor, action, resource);
  if (!decision.allowed) throw refusal(user.locale, 403, problem("p_forbidden", { reason: decision.reason }));
}

/** Loads the user and refuses with 403 unless `decide` allows the action on the resource. */
export async function requireUserWithPermission(request: Request, action: Action, resource: Resource | ((user: SessionUser) => Promise<Resource> | Resource)): Promise<SessionUser> {
  const user = await requireUser(request);
  const target = typeof resource === "function" ? await resource(user) : resource;
  requirePermission(user, action, target);
  return user;
}

export type LoadedCampaign = CampaignResource & { slug: string; row: typeof campaign.$inferSelect };

/** The campaign as a permission resource, with its row; null when there is no such campaign. */
export async function findCampaignResource(db: Db, slug: string): Promise<LoadedCampaign | null> {
  const [row] = await db.select().from(campaign).where(eq(campaign.slug, slug));
  if (!row) return null;
  return { ...toResource(row, await campaignCohort(db, row.id)), slug, row };
}

type CohortEntries = { cityOrgId: string; agencyOrgId: string; secondAgencyOrgId: string | null }[];
/** Cohorts kept per process, by campaign and content: every campaign request needs one, and 20,401 rows each time cost more than the page. */
const cohorts = new Map<string, CohortEntries>();
const COHORTS_KEPT = 16;

/**
 * The campaign's cohort as the caller may read it: a one-row fingerprint of it (its size and a sum
 * of 64-bit hashes of every entry) finds the kept copy; otherwise it is read and kept.
 */
async function campaignCohort(db: Db, campaignId: string): Promise<CohortEntries> {
  const [print] = rowsOf<{ f: string }>(
    await db.execute(sql`select count(*) || ':' || coalesce(sum(hashtextextended(${campaignCity.cityOrgId} || ':' || ${campaignCity.agencyOrgId} || ':' || coalesce(${campaignCity.secondAgencyOrgId}, ''), 0)), 0) as f from ${campaignCity} where ${campaignCity.campaignId} = ${campaignId}`),
  );
  const key = `${campaignId}|${print!.f}`;
  const kept = cohorts.get(key);
  if (kept) return kept;
  const read = await db.select({ cityOrgId: campaignCity.cityOrgId, agencyOrgId: campaignCity.agencyOrgId, secondAgencyOrgId: campaignCity.secondAgencyOrgId }).from(campaignCity).where(eq(campaignCity.campaignId, campaignId));
  cohorts.set(key, read);
  if (cohorts.size > COHORTS_KEPT) cohorts.delete(cohorts.keys().next().value!);
  return read;
}

/** Campaign rows as permission resources, their cohorts read in one query. */
export async function campaignResources(db: Db, rows: (typeof campaign.$inferSelect)[]): Promise<Map<string, LoadedCampaign>> {
  const cohorts = rows.length ? await db.select().from(campaignCity).where(inArray(campaignCity.campaignId, rows.map((r) => r.id))) : [];
  return new Map(rows.map((row) => [row.id, { ...toResource(row, cohorts.filter((c) => c.campaignId === row.id)), slug: row.slug, row }]));
}


/** One lookup per request: the campaign layout's loader and the page's loader ask for the same campaign. */
const campaignsByRequest = new WeakMap<Request, Map<string, Promise<LoadedCampaign | null>>>();

function campaignOfRequest(request: Request, db: Db, slug: string) {
  const known = campaignsByRequest.get(request) ?? new Map<string, Promise<LoadedCampaign | null>>();
  campaignsByRequest.set(request, known);
  if (!known.has(slug)) known.set(slug, findCampaignResource(db, slug));
  return known.get(slug)!;
}

/**
 * The guard of every campaign route: a signed-in user (else to the login page, before anything
 * about the campaign is said), the campaign by its address (404), and `decide` on the action (403),
 * each refusal in the reader's language.
 */
export async function requireCampaign(request: Request, params: { slug?: string }, action: Action) {
  const user = await requireUser(request);
  const db = await getDb();
  const resource = await campaignOfRequest(request, db, params.slug ?? "");
  if (!resource) throw refusal(user.locale, 404, problem("p_noCampaign", { slug: params.slug ?? "" }));
  requirePermission(user, action, resource);
  /** The route's reads and writes with the database's tenant boundary in force (row-level security as this user's organization). */
  const scoped = <T>(work: (db: Db) => Promise<T>) => withTenantScope(user.actor, work, db);
  return { db, resource, user, scoped };
}

/** The city of a campaign's cohort by its division code, or a 404 in the reader's language. */
export async function cityByCode(db: Db, resource: CampaignResource, code: string, locale: SessionUser["locale"]) {
  const [row] = await db
    .select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn, code: orgProfile.divisionCode })
    .from(orgProfile)
    .innerJoin(organization, eq(organization.id, orgProfile.organizationId))
    .where(eq(orgProfile.divisionCode, code));
  if (!row || !resource.cohort.some((c) => c.cityOrgId === row.id)) throw refusal(locale, 404, problem("p_cityNotInCampaign", { code }));
  return row;
}

/** The guard of every route on one city's data in a campaign: as requireCampaign, then `decide` on the city's data. */
export async function requireCityData(request: Request, params: { slug?: string; code?: string }, action: Action) {
  const { db, resource, user, scoped } = await requireCampaign(request, params, "read:campaign");
  const city = await cityByCode(db, resource, params.code ?? "", user.locale);
  const target = { type: "city-data" as const, campaign: resource, cityOrgId: city.id };
  requirePermission(user, action, target);
  return { db, resource, city, user, target, scoped };
}
