import { redirect } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity } from "../../../db/schema";
import { getSessionUser, type SessionUser } from "../accounts/index.server";
import { decide, type Action, type CampaignResource, type Resource } from "./permissions";
import { toResource } from "./resources";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Loads the user and refuses with 403 unless `decide` allows the action on the resource. */
export async function requireUserWithPermission(request: Request, action: Action, resource: Resource | ((user: SessionUser) => Promise<Resource> | Resource)): Promise<SessionUser> {
  const user = await requireUser(request);
  const target = typeof resource === "function" ? await resource(user) : resource;
  const decision = decide(user.actor, action, target);
  if (!decision.allowed) throw new Response(`Forbidden: ${decision.reason}`, { status: 403 });
  return user;
}

export type LoadedCampaign = CampaignResource & { slug: string; row: typeof campaign.$inferSelect };

/** The campaign as a permission resource, with its row; null when there is no such campaign. */
export async function findCampaignResource(db: Db, slug: string): Promise<LoadedCampaign | null> {
  const [row] = await db.select().from(campaign).where(eq(campaign.slug, slug));
  if (!row) return null;
  const cohort = await db.select().from(campaignCity).where(eq(campaignCity.campaignId, row.id));
  return { ...toResource(row, cohort), slug, row };
}

/** Campaign rows as permission resources, their cohorts read in one query. */
export async function campaignResources(db: Db, rows: (typeof campaign.$inferSelect)[]): Promise<Map<string, LoadedCampaign>> {
  const cohorts = rows.length ? await db.select().from(campaignCity).where(inArray(campaignCity.campaignId, rows.map((r) => r.id))) : [];
  return new Map(rows.map((row) => [row.id, { ...toResource(row, cohorts.filter((c) => c.campaignId === row.id)), slug: row.slug, row }]));
}

export async function loadCampaignResource(db: Db, slug: string): Promise<LoadedCampaign> {
  const loaded = await findCampaignResource(db, slug);
  if (!loaded) throw new Response(`No campaign "${slug}"`, { status: 404 });
  return loaded;
}
