import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { invitation, organization, orgProfile, outbox } from "../../../db/schema";
import { sendEmail } from "../notifications/index.server";
import { INVITATION_TTL_SECONDS, invitationEmail } from "./invitation-email";
import { ROLES, type OrgKind } from "../access/index.server";

export interface NewOrganization {
  kind: OrgKind;
  name: string;
  nameEn?: string;
  divisionCode?: string;
  province?: string;
  region?: string;
  tier?: string;
  population?: number;
  adminEmail: string;
}

export type CreateOrgResult = { ok: true; orgId: string; invitationId: string } | { ok: false; field: "name" | "divisionCode"; error: "duplicateOrgName" | "duplicateDivisionCode"; vars: Record<string, string> };

function slugFor(input: Pick<NewOrganization, "kind" | "divisionCode">) {
  return input.kind === "city" && input.divisionCode ? `city-${input.divisionCode}` : `${input.kind}-${randomUUID().slice(0, 8)}`;
}

/**
 * The rows that make a new tenant: the organization, its profile and an invitation for each
 * contact as the kind's first role (its administrator). Shared by one-at-a-time creation and bulk onboarding.
 */
export function organizationRecords(input: Omit<NewOrganization, "adminEmail">, contacts: string[], invitedById: string) {
  const orgId = randomUUID();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_SECONDS * 1000);
  const role = ROLES[input.kind][0];
  return {
    organization: { id: orgId, name: input.name, slug: slugFor(input) },
    profile: {
      organizationId: orgId,
      kind: input.kind,
      nameEn: input.nameEn || null,
      divisionCode: input.kind === "city" ? input.divisionCode || null : null,
      province: input.province || null,
      region: input.region || null,
      tier: input.tier || null,
      population: input.population ?? null,
    },
    invitations: contacts.map((email) => ({ id: randomUUID(), organizationId: orgId, email: email.toLowerCase(), role, status: "pending", expiresAt, inviterId: invitedById })),
  };
}

/**
 * A platform admin creates a tenant and invites its first administrator. Duplicate names and
 * division codes are refused with a specific message; nothing is written unless all of it is.
 */
export async function createOrganizationWithAdmin(db: Db, input: NewOrganization, invitedBy: { id: string; name: string }, baseUrl: string): Promise<CreateOrgResult> {
  const [sameName] = await db.select({ name: organization.name }).from(organization).where(sql`lower(${organization.name}) = lower(${input.name})`);
  if (sameName) return { ok: false, field: "name", error: "duplicateOrgName", vars: { name: sameName.name } };
  if (input.divisionCode) {
    const [sameCode] = await db
      .select({ name: organization.name })
      .from(orgProfile)
      .innerJoin(organization, eq(organization.id, orgProfile.organizationId))
      .where(eq(orgProfile.divisionCode, input.divisionCode));
    if (sameCode) return { ok: false, field: "divisionCode", error: "duplicateDivisionCode", vars: { code: input.divisionCode, name: sameCode.name } };
  }
  const records = organizationRecords(input, [input.adminEmail], invitedBy.id);
  const orgId = records.organization.id;
  const invitationId = records.invitations[0]!.id;
  try {
    await db.transaction(async (tx) => {
      await tx.insert(organization).values(records.organization);
      await tx.insert(orgProfile).values(records.profile);
      await tx.insert(invitation).values(records.invitations);
    });
  } catch (e) {
    // A concurrent creation may win the race between our check and the insert.
    if (/organization_name_ci_unique/.test(String((e as { cause?: unknown }).cause ?? e))) return { ok: false, field: "name", error: "duplicateOrgName", vars: { name: input.name } };
    throw e;
  }
  await sendEmail(db, invitationEmail({ email: input.adminEmail, inviterName: invitedBy.name, orgName: input.name, role: records.invitations[0]!.role, id: invitationId, baseUrl }));
  return { ok: true, orgId, invitationId };
}

export async function platformSummary(db: Db) {
  const [orgs] = await db.select({ n: sql<number>`count(*)::int` }).from(organization);
  const [messages] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox);
  return { organizations: orgs!.n, messages: messages!.n };
}

export async function listOrganizations(db: Db) {
  return db
    .select({ id: organization.id, name: organization.name, nameEn: orgProfile.nameEn, kind: orgProfile.kind, divisionCode: orgProfile.divisionCode, province: orgProfile.province })
    .from(organization)
    .innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id))
    .orderBy(orgProfile.kind, organization.name);
}

export async function recentOutbox(db: Db, limit = 200) {
  return db.select().from(outbox).orderBy(sql`${outbox.createdAt} desc`).limit(limit);
}
