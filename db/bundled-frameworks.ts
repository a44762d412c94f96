import { inArray } from "drizzle-orm";
import { BUNDLED_FRAMEWORKS, frameworkDigest, frameworkRef } from "../indicators";
import type { Db } from "./client";
import { framework, frameworkVersion } from "./schema";

/**
 * Puts the frameworks shipped with the code into the shared library, matched by content hash:
 * existing campaigns keep pointing at the same versions. A published version already in the
 * database with another hash means someone edited a published file; that stops the start.
 */
export async function installBundledFrameworks(db: Db): Promise<void> {
  const refs = BUNDLED_FRAMEWORKS.map(frameworkRef);
  const present = new Map(
    (await db.select({ ref: frameworkVersion.ref, hash: frameworkVersion.contentHash }).from(frameworkVersion).where(inArray(frameworkVersion.ref, refs))).map((r) => [r.ref, r.hash]),
  );
  for (const document of BUNDLED_FRAMEWORKS) {
    const ref = frameworkRef(document);
    const hash = document.status === "published" ? frameworkDigest(document) : null;
    if (present.has(ref)) {
      if (hash && present.get(ref) !== hash) throw new Error(`${ref} in the database has content hash ${present.get(ref)}, the bundled file ${hash}: a published version never changes`);
      continue;
    }
    await db.insert(framework).values({ id: document.id, ownerOrgId: null }).onConflictDoNothing();
    await db
      .insert(frameworkVersion)
      .values({ ref, frameworkId: document.id, version: document.version, status: document.status, document, contentHash: hash, publishedAt: hash ? new Date() : null })
      .onConflictDoNothing();
  }
}
