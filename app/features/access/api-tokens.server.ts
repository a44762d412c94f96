import { noteRequestActor } from "../../platform/observability/request-context.server";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { apiToken } from "../../../db/schema";
import type { Actor } from "./permissions";

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new token for the organization; the plain token is returned once and never stored. */
export async function createApiToken(db: Db, organizationId: string, name: string, userId: string): Promise<string> {
  const token = `zp_${randomBytes(24).toString("base64url")}`;
  await db.insert(apiToken).values({ id: randomUUID(), organizationId, name, tokenHash: digest(token), prefix: token.slice(0, 8), createdBy: userId });
  return token;
}

export async function listApiTokens(db: Db, organizationId: string) {
  return db
    .select({ id: apiToken.id, name: apiToken.name, prefix: apiToken.prefix, createdAt: apiToken.createdAt, lastUsedAt: apiToken.lastUsedAt, revokedAt: apiToken.revokedAt })
    .from(apiToken)
    .where(eq(apiToken.organizationId, organizationId))
    .orderBy(desc(apiToken.createdAt));
}

/** Revokes one of the organization's tokens; another organization's token ID changes nothing. */
export async function revokeApiToken(db: Db, organizationId: string, id: string): Promise<boolean> {
  const revoked = await db
    .update(apiToken)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiToken.id, id), eq(apiToken.organizationId, organizationId), isNull(apiToken.revokedAt)))
    .returning({ id: apiToken.id });
  return revoked.length > 0;
}

export const apiError = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...(status === 401 ? { "WWW-Authenticate": 'Bearer realm="zhiping"' } : {}) } });

/**
 * The organization a request's `Authorization: Bearer <token>` belongs to, and the actor the token
 * acts as for `decide`: a read-only analyst of that ministry. A 401 JSON response otherwise.
 */
export async function requireApiToken(db: Db, request: Request): Promise<{ organizationId: string; actor: Actor }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw apiError(401, "missing token: send Authorization: Bearer <token>");
  const [row] = await db.select().from(apiToken).where(eq(apiToken.tokenHash, digest(match[1]!)));
  if (!row) throw apiError(401, "invalid token");
  if (row.revokedAt) throw apiError(401, "token revoked");
  await db.update(apiToken).set({ lastUsedAt: new Date() }).where(eq(apiToken.id, row.id));
  noteRequestActor({ userId: `api-token:${row.id}`, orgId: row.organizationId });
  const membership = { orgId: row.organizationId, kind: "ministry" as const, role: "ministry_analyst" as const };
  return { organizationId: row.organizationId, actor: { userId: `api-token:${row.id}`, platformAdmin: false, membership, memberOrgIds: [row.organizationId] } };
}
