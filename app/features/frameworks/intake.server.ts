import type { Db } from "../../../db/client";
import { type Framework, frameworkRef } from "../../../indicators";
import { decide, frameworkOwnerFor, type Actor } from "../access/index.server";
import { problem, ProblemError } from "../i18n/index.server";
import { createFramework, createVersion } from "./commands.server";
import { findFramework, findVersion } from "./library.server";

/** Where a new framework of this actor goes: its ministry's own library, else (a platform admin) the shared library. */
export function libraryOwner(actor: Actor): string | null {
  const owner = frameworkOwnerFor(actor);
  if (owner === undefined) throw new ProblemError(problem("p_forbidden", { reason: decide(actor, "create:framework", { type: "platform" }).reason }), 403);
  return owner;
}

/** Copies a version the actor may read into a new framework of its own (the usual start of a ministry's framework). */
export async function copyIntoLibrary(db: Db, actor: Actor, input: { fromRef: string; id: string; version: string; name: Framework["name"] }) {
  const source = await findVersion(db, input.fromRef);
  if (!source || !decide(actor, "read:framework", source.resource).allowed) throw new ProblemError(problem("frameworkVersionUnknown", { ref: input.fromRef }), 404, "fromRef");
  return createFramework(db, { ownerOrgId: libraryOwner(actor), userId: actor.userId, id: input.id, version: input.version, name: input.name, document: source.row.document, basedOn: input.fromRef });
}

/**
 * Puts an imported document into the library: a new framework, or a new draft version of a
 * framework the actor may change (same id). An id that is someone else's is refused.
 */
export async function importIntoLibrary(db: Db, actor: Actor, document: Framework) {
  const existing = await findFramework(db, document.id);
  if (!existing) return createFramework(db, { ownerOrgId: libraryOwner(actor), userId: actor.userId, id: document.id, version: document.version, document, basedOn: null });
  if (!decide(actor, "manage:framework", { type: "framework", ownerOrgId: existing.ownerOrgId }).allowed) throw new ProblemError(problem("frameworkIdTaken", { id: document.id }), 409, "id");
  return createVersion(db, { userId: actor.userId, frameworkId: document.id, version: document.version, document, basedOn: null });
}

/** A new draft version of a framework from one of its versions (or from any version the actor may read, e.g. a newer shared one). */
export async function newVersionFrom(db: Db, actor: Actor, input: { frameworkId: string; fromRef: string; version: string }) {
  const source = await findVersion(db, input.fromRef);
  if (!source || !decide(actor, "read:framework", source.resource).allowed) throw new ProblemError(problem("frameworkVersionUnknown", { ref: input.fromRef }), 404, "fromRef");
  const target = await findFramework(db, input.frameworkId);
  if (!target || !decide(actor, "manage:framework", { type: "framework", ownerOrgId: target.ownerOrgId }).allowed) throw new ProblemError(problem("frameworkVersionUnknown", { ref: `${input.frameworkId}@` }), 404);
  return createVersion(db, { userId: actor.userId, frameworkId: input.frameworkId, version: input.version, document: source.row.document, basedOn: frameworkRef(source.row.document) });
}
