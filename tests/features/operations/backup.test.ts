import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import * as tar from "tar";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../db/client";
import { auditEvent, evidence } from "../../../db/schema";
import { verifyEveryAuditChain } from "../../../app/features/audit/index.server";
import { BackupError } from "../../../app/platform/backup/archive";
import { createBackup } from "../../../app/platform/backup/backup.server";
import { restoreBackup, type RestoreTarget } from "../../../app/platform/backup/restore.server";
import { directoryStorage, type ObjectStorage } from "../../../app/platform/storage.server";
import { startAppWithActivity } from "../../helpers/app";
import { DRIVERS, emptyPostgresDatabase } from "../../helpers/database";

const scratch = (name: string) => mkdtempSync(join(tmpdir(), `zhiping-${name}-`));

async function keysOf(storage: ObjectStorage) {
  const keys: string[] = [];
  for await (const key of storage.list()) keys.push(key);
  return keys.sort();
}

/** An empty place to restore into, of the driver's kind, and how to open what was restored there. */
async function emptyTarget(driver: Database["driver"]): Promise<{ target: RestoreTarget; open: () => Promise<Database>; drop: () => Promise<void> }> {
  if (driver === "pglite") {
    const dataDir = scratch("restored");
    return { target: { driver, dataDir }, open: () => openDatabase({ dataDir }), drop: async () => {} };
  }
  const server = await emptyPostgresDatabase();
  return { target: { driver, connectionString: server.connectionString }, open: () => openDatabase({ url: server.connectionString }), drop: server.drop };
}

/** Rewrites one file inside a backup archive, as damage on a disk or a hand in transit would. */
async function tamperWith(file: string, inside: string, out: string) {
  const dir = scratch("tamper");
  await tar.extract({ file, cwd: dir });
  writeFileSync(join(dir, inside), Buffer.concat([readFileSync(join(dir, inside)), Buffer.from("!")]));
  await tar.create({ gzip: true, file: out, cwd: dir }, ["manifest.json", "database", "objects"]);
}

describe.each(DRIVERS)("backup and restore on %s", (driver) => {
  it("round-trips the database and every stored object into an empty target, where every audit chain still verifies; refuses what would lose or damage data", async () => {
    const source = await startAppWithActivity(driver);
    const sourceStorage = directoryStorage(scratch("objects"));
    const files = { "evidence/c1/s1/abc": Buffer.from("%PDF-1.7 a report"), "reports/batch-1.zip": Buffer.from("PK zip bytes"), "health/readyz-probe": Buffer.from("probe") };
    for (const [key, bytes] of Object.entries(files)) await sourceStorage.put(key, bytes, "application/octet-stream");
    const out = join(scratch("backup"), "zhiping.tar.gz");
    const made = await createBackup({ database: source, storage: sourceStorage, out });
    expect(made).toMatchObject({ file: out, objects: 2 });
    const [sourceEntries] = await source.db.select({ n: count() }).from(auditEvent);
    const [sourceEvidence] = await source.db.select({ n: count() }).from(evidence);
    const sourceChains = await verifyEveryAuditChain(source.db);
    await source.close();

    const restoredStorage = directoryStorage(scratch("restored-objects"));
    const { target, open, drop } = await emptyTarget(driver);
    try {
      const summary = await restoreBackup({ file: out, target, storage: restoredStorage });
      expect(summary).toMatchObject({ driver, objects: 2 });
      // The probe object is not data and is not carried over.
      expect(await keysOf(restoredStorage)).toEqual(["evidence/c1/s1/abc", "reports/batch-1.zip"]);
      expect(await restoredStorage.get("evidence/c1/s1/abc")).toEqual(files["evidence/c1/s1/abc"]);

      const restored = await open();
      try {
        const chains = await verifyEveryAuditChain(restored.db);
        expect(chains.length).toBeGreaterThan(0);
        expect(chains.every((c) => c.ok)).toBe(true);
        expect(chains).toEqual(sourceChains);
        expect(await restored.db.select({ n: count() }).from(auditEvent)).toEqual([sourceEntries]);
        expect(await restored.db.select({ n: count() }).from(evidence)).toEqual([sourceEvidence]);
      } finally {
        await restored.close();
      }

      // A second restore into the now full target is refused before anything is written, objects included.
      const untouched = directoryStorage(scratch("untouched"));
      await expect(restoreBackup({ file: out, target, storage: untouched })).rejects.toThrow(/already holds|a restore never overwrites data/);
      expect(await keysOf(untouched)).toEqual([]);
    } finally {
      await drop();
    }

    // A damaged archive, a changed object and a backup of the other driver are refused, naming the problem.
    const fresh = await emptyTarget(driver);
    try {
      const nothing = directoryStorage(scratch("nothing"));
      const truncated = join(scratch("bad"), "cut.tar.gz");
      writeFileSync(truncated, readFileSync(out).subarray(0, 1000));
      await expect(restoreBackup({ file: truncated, target: fresh.target, storage: nothing })).rejects.toThrow(BackupError);
      const changed = join(scratch("bad"), "changed.tar.gz");
      await tamperWith(out, "objects/evidence/c1/s1/abc", changed);
      await expect(restoreBackup({ file: changed, target: fresh.target, storage: nothing })).rejects.toThrow("objects/evidence/c1/s1/abc does not match its SHA-256");
      const other = driver === "pglite" ? { driver: "postgres" as const, connectionString: "postgres://nobody@127.0.0.1:1/none" } : { driver: "pglite" as const, dataDir: scratch("other") };
      await expect(restoreBackup({ file: out, target: other, storage: nothing })).rejects.toThrow(driver === "pglite" ? /embedded database/ : /PostgreSQL server/);
      await expect(restoreBackup({ file: join(scratch("bad"), "missing.tar.gz"), target: fresh.target, storage: nothing })).rejects.toThrow(/No backup at/);
      expect(await keysOf(nothing)).toEqual([]);
    } finally {
      await fresh.drop();
    }
  }, 240_000);
});
