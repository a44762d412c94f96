import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { framework, frameworkEvent, frameworkMapping, frameworkVersion, user } from "../../../db/schema";
import { type Framework, frameworkDigest, frameworkIndicators, frameworkProblems, frameworkRef, FrameworkEditError } from "../../../indicators";
import type { Tx } from "../audit/index.server";
import { problem, ProblemError } from "../i18n/index.server";

/**
 * What changes the library: each command checks the state it needs, makes the change and its
 * event in one transaction. Who may call it is decided before (`decide`, and under it row-level
 * security, which keeps every other tenant's frameworks out of reach of the same queries).
 */

export const frameworkIdSchema = z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9-]{2,59}$/, "frameworkIdFormat");
export const versionSchema = z.string().trim().regex(/^\d+\.\d+\.\d+$/, "frameworkVersionFormat");

async function recordEvent(tx: Tx, frameworkId: string, ref: string | null, actorUserId: string, action: string, detail: unknown = null) {
  const [actor] = await tx.select({ name: user.name }).from(user).where(eq(user.id, actorUserId));
  await tx.insert(frameworkEvent).values({ id: randomUUID(), frameworkId, ref, actorUserId, actorName: actor?.name ?? null, action, detail });
}

const asDraft = (document: Framework, id: string, version: string, name?: Framework["name"]): Framework => ({ ...structuredClone(document), id, version, status: "draft", ...(name ? { name } : {}) });

async function insertVersion(tx: Tx, document: Framework, userId: string, basedOn: string | null) {
  const ref = frameworkRef(document);
  const inserted = await tx
    .insert(frameworkVersion)
    .values({ ref, frameworkId: document.id, version: document.version, status: "draft", document, basedOn, createdBy: userId })
    .onConflictDoNothing()
    .returning({ ref: frameworkVersion.ref });
  if (!inserted.length) throw new ProblemError(problem("frameworkVersionTaken", { ref }), 409, "version");
  return ref;
}

/**
 * A new framework of the acting ministry (ownerOrgId) or of the shared library (null), from a
 * copy of a version it may read or from an imported document; its first version is a draft.
 */
export async function createFramework(db: Db, input: { ownerOrgId: string | null; userId: string; id: string; version: string; name?: Framework["name"]; document: Framework; basedOn: string | null }) {
  return db.transaction(async (tx) => {
    const created = await tx.insert(framework).values({ id: input.id, ownerOrgId: input.ownerOrgId }).onConflictDoNothing().returning({ id: framework.id });
    // Framework ids are global (campaigns and results record `id@version`): a taken id is refused without saying whose it is.
    if (!created.length) throw new ProblemError(problem("frameworkIdTaken", { id: input.id }), 409, "id");
    const ref = await insertVersion(tx, asDraft(input.document, input.id, input.version, input.name), input.userId, input.basedOn);
    await recordEvent(tx, input.id, ref, input.userId, input.basedOn ? "framework.copied" : "framework.created", { basedOn: input.basedOn });
    return ref;
  });
}

/** A new draft version of a framework, starting from one of its versions (or an imported document of the same id). */
export async function createVersion(db: Db, input: { userId: string; frameworkId: string; version: string; document: Framework; basedOn: string | null }) {
  return db.transaction(async (tx) => {
    const ref = await insertVersion(tx, asDraft(input.document, input.frameworkId, input.version), input.userId, input.basedOn);
    await recordEvent(tx, input.frameworkId, ref, input.userId, "version.created", { basedOn: input.basedOn });
    return ref;
  });
}

/** The draft, locked for this transaction; refused unless it is still a draft at the revision the editor saw. */
async function lockDraft(tx: Tx, ref: string, revision: string | null) {
  const [row] = await tx.select().from(frameworkVersion).where(eq(frameworkVersion.ref, ref)).for("update");
  if (!row) throw new ProblemError(problem("frameworkVersionUnknown", { ref }), 404);
  if (row.status !== "draft") throw new ProblemError(problem("frameworkPublishedFrozen", { ref }), 409);
  if (revision !== null && row.updatedAt.toISOString() !== revision) throw new ProblemError(problem("frameworkDraftStale", { ref }), 409);
  return row;
}

/**
 * Applies an edit to a draft. The draft may be left with problems (a new group before its first
 * indicator, say): they are shown beside it and block publishing, not saving.
 */
export async function editDraft(db: Db, input: { userId: string; ref: string; revision: string | null; edit: (document: Framework) => Framework; action: string; detail?: unknown }) {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, input.ref, input.revision);
    let next: Framework;
    try {
      next = input.edit(row.document);
    } catch (e) {
      if (e instanceof FrameworkEditError) throw new ProblemError(problem(`frameworkEdit_${e.code}`, e.vars), 400, e.field);
      throw e;
    }
    // The id and version are the row's; an edit cannot move a draft to another address.
    next = { ...next, id: row.frameworkId, version: row.version, status: "draft" };
    const [saved] = await tx.update(frameworkVersion).set({ document: next, updatedAt: sql`clock_timestamp()` }).where(eq(frameworkVersion.ref, input.ref)).returning({ updatedAt: frameworkVersion.updatedAt });
    await recordEvent(tx, row.frameworkId, input.ref, input.userId, input.action, input.detail ?? null);
    return { document: next, revision: saved!.updatedAt.toISOString() };
  });
}

/** Publishes a draft: it must be valid; its content hash is recorded and the row never changes again (a trigger sees to it). */
export async function publishVersion(db: Db, input: { userId: string; ref: string; revision: string | null }) {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, input.ref, input.revision);
    const document: Framework = { ...row.document, status: "published" };
    const problems = frameworkProblems(document);
    if (problems.length) throw new ProblemError(problem("frameworkPublishInvalid", { count: problems.length }), 400);
    const hash = frameworkDigest(document);
    await tx.update(frameworkVersion).set({ document, status: "published", contentHash: hash, publishedBy: input.userId, publishedAt: new Date(), updatedAt: sql`clock_timestamp()` }).where(eq(frameworkVersion.ref, input.ref));
    await recordEvent(tx, row.frameworkId, input.ref, input.userId, "version.published", { contentHash: hash, indicators: frameworkIndicators(document).length });
    return hash;
  });
}

/** Deletes a draft nobody uses (a published version is never deleted; the trigger refuses it too). */
export async function deleteDraft(db: Db, input: { userId: string; ref: string; revision: string | null }) {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, input.ref, input.revision);
    await tx.delete(frameworkMapping).where(sql`${frameworkMapping.fromRef} = ${input.ref} or ${frameworkMapping.toRef} = ${input.ref}`);
    await tx.delete(frameworkVersion).where(eq(frameworkVersion.ref, input.ref));
    await recordEvent(tx, row.frameworkId, input.ref, input.userId, "version.deleted");
  });
}

/**
 * Saves which indicator of `fromRef` became which of `toRef` (null: dropped). Every code must be
 * an indicator of its version; the codes not named map to themselves where they exist.
 */
export async function saveMapping(db: Db, input: { userId: string; from: Framework; to: Framework; mapping: Record<string, string | null> }) {
  const fromCodes = new Set(frameworkIndicators(input.from).map((i) => i.code));
  const toCodes = new Set(frameworkIndicators(input.to).map((i) => i.code));
  for (const [oldCode, newCode] of Object.entries(input.mapping)) {
    if (!fromCodes.has(oldCode)) throw new ProblemError(problem("frameworkMappingUnknownOld", { code: oldCode, ref: frameworkRef(input.from) }), 400, `map.${oldCode}`);
    if (newCode !== null && !toCodes.has(newCode)) throw new ProblemError(problem("frameworkMappingUnknownNew", { code: newCode, ref: frameworkRef(input.to) }), 400, `map.${oldCode}`);
  }
  const fromRef = frameworkRef(input.from);
  const toRef = frameworkRef(input.to);
  return db.transaction(async (tx) => {
    await tx
      .insert(frameworkMapping)
      .values({ fromRef, toRef, mapping: input.mapping, updatedBy: input.userId })
      .onConflictDoUpdate({ target: [frameworkMapping.fromRef, frameworkMapping.toRef], set: { mapping: input.mapping, updatedBy: input.userId, updatedAt: new Date() } });
    await recordEvent(tx, input.to.id, toRef, input.userId, "mapping.saved", { from: fromRef, entries: Object.keys(input.mapping).length });
  });
}

export async function findMapping(db: Db, fromRef: string, toRef: string): Promise<Record<string, string | null> | null> {
  const [row] = await db.select({ mapping: frameworkMapping.mapping }).from(frameworkMapping).where(sql`${frameworkMapping.fromRef} = ${fromRef} and ${frameworkMapping.toRef} = ${toRef}`);
  return row?.mapping ?? null;
}

/** What happened to a framework, newest first. */
export async function frameworkEvents(db: Db, frameworkId: string) {
  return db.select().from(frameworkEvent).where(eq(frameworkEvent.frameworkId, frameworkId)).orderBy(sql`${frameworkEvent.at} desc`).limit(100);
}
