import { and, asc, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, framework, frameworkVersion } from "../../../db/schema";
import { type Framework, FrameworkError, parseFramework } from "../../../indicators";
import type { Actor, FrameworkResource } from "../access/index.server";

/** Published versions never change, so a process keeps each one it has read. */
const published = new Map<string, Framework>();

/**
 * The framework object the engine takes, for a campaign's (or a result's) ref. Read from the
 * library; the validation is the same as for a bundled file, so the hash is the same.
 */
export async function loadFramework(db: Db, ref: string): Promise<Framework> {
  const known = published.get(ref);
  if (known) return known;
  const [row] = await db.select({ document: frameworkVersion.document, status: frameworkVersion.status }).from(frameworkVersion).where(eq(frameworkVersion.ref, ref));
  if (!row) throw new FrameworkError(ref, ["no such framework version in the library"]);
  const parsed = parseFramework(row.document, ref);
  if (row.status === "published") published.set(ref, parsed);
  return parsed;
}

export type VersionRow = typeof frameworkVersion.$inferSelect;
export type LoadedVersion = { row: VersionRow; ownerOrgId: string | null; resource: FrameworkResource };

/** Whether a campaign the actor may see runs on this version (under row-level security, every campaign the query returns is one). */
async function usedByVisibleCampaign(db: Db, ref: string) {
  return (await db.select({ id: campaign.id }).from(campaign).where(eq(campaign.frameworkRef, ref)).limit(1)).length > 0;
}

/** A version with the permission resource `decide` judges; null when there is none (or none this actor's database scope shows). */
export async function findVersion(db: Db, ref: string): Promise<LoadedVersion | null> {
  const [row] = await db
    .select({ version: frameworkVersion, ownerOrgId: framework.ownerOrgId })
    .from(frameworkVersion)
    .innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
    .where(eq(frameworkVersion.ref, ref));
  if (!row) return null;
  return {
    row: row.version,
    ownerOrgId: row.ownerOrgId,
    resource: { type: "framework", ownerOrgId: row.ownerOrgId, published: row.version.status === "published", usedByVisibleCampaign: await usedByVisibleCampaign(db, ref) },
  };
}

export async function findFramework(db: Db, id: string) {
  const [row] = await db.select().from(framework).where(eq(framework.id, id));
  return row ?? null;
}

/** Every version of a framework, newest first. */
export async function versionsOf(db: Db, frameworkId: string) {
  return db
    .select({ ref: frameworkVersion.ref, version: frameworkVersion.version, status: frameworkVersion.status, contentHash: frameworkVersion.contentHash, basedOn: frameworkVersion.basedOn, publishedAt: frameworkVersion.publishedAt, updatedAt: frameworkVersion.updatedAt })
    .from(frameworkVersion)
    .where(eq(frameworkVersion.frameworkId, frameworkId))
    .orderBy(desc(frameworkVersion.createdAt));
}

export interface LibraryEntry {
  id: string;
  shared: boolean;
  versions: { ref: string; version: string; status: VersionRow["status"]; name: Framework["name"]; publishedAt: Date | null }[];
}

/** The library this actor browses: the shared frameworks (published versions, or all for a platform admin) and the ministry's own. */
export async function listLibrary(db: Db, actor: Actor): Promise<LibraryEntry[]> {
  const ownOrg = actor.membership?.kind === "ministry" ? actor.membership.orgId : null;
  const owners = ownOrg ? or(isNull(framework.ownerOrgId), eq(framework.ownerOrgId, ownOrg)) : isNull(framework.ownerOrgId);
  const rows = await db
    .select({ id: framework.id, ownerOrgId: framework.ownerOrgId, ref: frameworkVersion.ref, version: frameworkVersion.version, status: frameworkVersion.status, document: frameworkVersion.document, publishedAt: frameworkVersion.publishedAt })
    .from(framework)
    .innerJoin(frameworkVersion, eq(frameworkVersion.frameworkId, framework.id))
    .where(owners)
    .orderBy(asc(framework.id), desc(frameworkVersion.createdAt));
  const entries = new Map<string, LibraryEntry>();
  for (const r of rows) {
    if (r.ownerOrgId === null && r.status === "draft" && !actor.platformAdmin) continue;
    const entry = entries.get(r.id) ?? { id: r.id, shared: r.ownerOrgId === null, versions: [] };
    entry.versions.push({ ref: r.ref, version: r.version, status: r.status, name: r.document.name, publishedAt: r.publishedAt });
    entries.set(r.id, entry);
  }
  return [...entries.values()];
}

/** The published versions a ministry may start a campaign on: the shared library's and its own. */
export async function campaignFrameworkChoices(db: Db, ministryOrgId: string) {
  return db
    .select({ ref: frameworkVersion.ref, document: frameworkVersion.document })
    .from(frameworkVersion)
    .innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
    .where(and(eq(frameworkVersion.status, "published"), or(isNull(framework.ownerOrgId), eq(framework.ownerOrgId, ministryOrgId))))
    .orderBy(asc(framework.ownerOrgId), asc(frameworkVersion.ref));
}

/** The campaigns (that this database scope shows) running on a version. */
export async function campaignsUsing(db: Db, ref: string) {
  return db.select({ slug: campaign.slug, nameZh: campaign.nameZh, nameEn: campaign.nameEn, year: campaign.year, status: campaign.status }).from(campaign).where(eq(campaign.frameworkRef, ref)).orderBy(desc(campaign.year));
}
