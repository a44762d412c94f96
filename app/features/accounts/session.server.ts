import { noteRequestActor } from "../../platform/observability/request-context.server";
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { member, organization, orgProfile, userSettings } from "../../../db/schema";
import { getAuth } from "./auth.server";
import { getDb } from "../../platform/db.server";
import { isRole, type Actor, type Role } from "../access";
import { localeFromRequest, type Locale } from "../i18n";

export interface Membership {
  orgId: string;
  orgName: string;
  kind: "ministry" | "agency" | "city";
  role: Role;
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

/** The language to answer this request in: the signed-in user's setting, else the lng cookie, else Chinese. */
export async function readerLocale(request: Request): Promise<Locale> {
  return (await getSessionUser(request))?.locale ?? localeFromRequest(request);
}

export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({ orgId: member.organizationId, orgName: organization.name, kind: orgProfile.kind, role: member.role })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(organization.name);
  // A role string that is not one of ours (written by hand, or by a library default) grants nothing.
  return rows.filter((r): r is typeof r & { role: Role } => isRole(r.role));
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
  noteRequestActor({ userId: session.user.id, orgId: active?.orgId });
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
      membership: active ? { orgId: active.orgId, kind: active.kind, role: active.role } : null,
      memberOrgIds: memberships.map((m) => m.orgId),
    },
  };
}

