import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { invitation, member, organization, orgProfile, user, userSettings } from "../../../db/schema";
import type { Locale } from "../i18n/index.server";
import type { Role } from "../access/index.server";

export async function listMembers(db: Db, orgId: string) {
  return db
    .select({ name: user.name, email: user.email, role: member.role })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(eq(member.organizationId, orgId))
    .orderBy(member.role, user.name);
}

/** Who to e-mail in these organizations: members with one of these roles, with the language each reads. */
export async function membersToTell(db: Db, orgIds: string[], roles: readonly Role[]): Promise<{ userId: string; orgId: string; email: string; locale: Locale }[]> {
  if (!orgIds.length) return [];
  const rows = await db
    .select({ userId: member.userId, orgId: member.organizationId, email: user.email, locale: userSettings.locale })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .leftJoin(userSettings, eq(userSettings.userId, member.userId))
    .where(and(inArray(member.organizationId, orgIds), inArray(member.role, [...roles])));
  return rows.map((r) => ({ ...r, locale: r.locale === "en" ? "en" : "zh-CN" }));
}

export async function pendingInvitations(db: Db, orgId: string) {
  return db
    .select({ id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt })
    .from(invitation)
    .where(and(eq(invitation.organizationId, orgId), eq(invitation.status, "pending"), gt(invitation.expiresAt, new Date())))
    .orderBy(invitation.createdAt);
}

export async function orgKindOf(db: Db, orgId: string) {
  const [row] = await db.select({ kind: orgProfile.kind }).from(orgProfile).where(eq(orgProfile.organizationId, orgId));
  return row?.kind ?? null;
}

export type InvitationView = {
  id: string;
  email: string;
  role: string | null;
  orgName: string;
  state: "pending" | "expired" | "used";
};

/** The invitation as its recipient sees it; the unguessable id is the credential, as in better-auth. */
export async function invitationView(db: Db, id: string): Promise<InvitationView | null> {
  const [row] = await db
    .select({ id: invitation.id, email: invitation.email, role: invitation.role, status: invitation.status, expiresAt: invitation.expiresAt, orgName: organization.name })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .where(eq(invitation.id, id));
  if (!row) return null;
  const state = row.status !== "pending" ? "used" : row.expiresAt.getTime() <= Date.now() ? "expired" : "pending";
  return { id: row.id, email: row.email, role: row.role, orgName: row.orgName, state };
}

export async function accountExists(db: Db, email: string) {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.email, email.toLowerCase()));
  return !!row;
}
