import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaign, campaignCity, member, organization, orgProfile, userSettings } from "../../db/schema";
import { getAuth } from "./auth.server";
import { getDb } from "./db.server";
import { toResource } from "./campaigns.server";
import { decide, type Action, type Actor, type CampaignResource, type Resource } from "./permissions";
import { isRole } from "./roles";

export interface Membership {
  orgId: string;
  orgName: string;
  kind: "ministry" | "agency" | "city";
  role: string;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  locale: "zh-CN" | "en";
  platformAdmin: boolean;
  memberships: Membership[];
  activeOrgId: string | null;
  actor: Actor;
}

export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({ orgId: member.organizationId, orgName: organization.name, kind: orgProfile.kind, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(organization.name);
  return rows;
}

/** One lookup per request: the root loader and the route's loader both ask for the same user. */
const sessionsByRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let user = sessionsByRequest.get(request);
  if (!user) {
    user = lookUpSessionUser(request);
    sessionsByRequest.set(request, user);
  }
  return user;
}

async function lookUpSessionUser(request: Request): Promise<SessionUser | null> {
  const auth = await getAuth();
  // Only the cookie identifies the session. Passing a multipart request's whole headers made
  // better-auth rebuild a request with that content type and no body, which fails to parse when
  // fetch is instrumented (msw in tests) and the session is then silently missing.
  const session = await auth.api.getSession({ headers: new Headers({ cookie: request.headers.get("cookie") ?? "" }) });
  if (!session) return null;
  const db = await getDb();
  const [settings] = await db.select().from(userSettings).where(eq(userSettings.userId, session.user.id));
  const memberships = await loadMemberships(db, session.user.id);
  const activeId = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const active = memberships.find((m) => m.orgId === activeId) ?? memberships[0] ?? null;
  return {
    id: session.user.id,
    name: session.user.name,
    email: session.user.email,
    locale: settings?.locale === "en" ? "en" : "zh-CN",
    platformAdmin: settings?.platformAdmin ?? false,
    memberships,
    activeOrgId: active?.orgId ?? null,
    actor: {
      userId: session.user.id,
      platformAdmin: settings?.platformAdmin ?? false,
      membership: active && isRole(active.role) ? { orgId: active.orgId, kind: active.kind, role: active.role } : null,
      memberOrgIds: memberships.map((m) => m.orgId),
    },
  };
}

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

type LoadedCampaign = CampaignResource & { slug: string; row: typeof campaign.$inferSelect };

/** The campaign as a permission resource, with its row; null when there is no such campaign. */
export async function findCampaignResource(db: Db, slug: string): Promise<LoadedCampaign | null> {
  const [row] = await db.select().from(campaign).where(eq(campaign.slug, slug));
  if (!row) return null;
  const cohort = await db.select().from(campaignCity).where(eq(campaignCity.campaignId, row.id));
  return { ...toResource(row, cohort), slug, row };
}

export async function loadCampaignResource(db: Db, slug: string): Promise<LoadedCampaign> {
  const loaded = await findCampaignResource(db, slug);
  if (!loaded) throw new Response(`No campaign "${slug}"`, { status: 404 });
  return loaded;
}
