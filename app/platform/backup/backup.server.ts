import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { dirname, join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import * as tar from "tar";
import { rowsOf, type Database } from "../../../db/client";
import journal from "../../../db/migrations/meta/_journal.json";
import type { ObjectStorage } from "../storage.server";
import { BackupError, DATABASE_FILE, MANIFEST, OBJECTS_DIR, sha256OfFile, SKIPPED_KEYS, type BackupManifest } from "./archive";
import { runPgTool } from "./pg-tools.server";

export interface BackupSummary {
  file: string;
  bytes: number;
  databaseBytes: number;
  objects: number;
  objectBytes: number;
}

/** The newest migration applied to this database, by drizzle-kit's record of each one's journal time. */
async function appliedMigration(database: Database): Promise<string> {
  const [row] = rowsOf<{ last: string | number | null }>(await database.db.execute(sql`select max(created_at) as last from drizzle.__drizzle_migrations`));
  const entry = journal.entries.find((e) => e.when === Number(row?.last ?? 0));
  if (!entry) throw new BackupError("The database has no migration this code knows: it is not a Zhiping database, or it is newer than this code.");
  return entry.tag;
}

/**
 * Writes one file (a gzipped tar) holding the database and every stored object, with a manifest
 * of their SHA-256s. The database is dumped first, so every object a dumped row names is already
 * stored; objects added during the backup are harmless extras. The file appears only when whole.
 */
export async function createBackup(options: { database: Database; storage: ObjectStorage; out: string; progress?: (message: string) => void }): Promise<BackupSummary> {
  const { database, storage, progress = () => {} } = options;
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  // Staged beside the output: the same file system, and a place the operator chose to have room.
  const staging = await mkdtemp(join(dirname(out), ".zhiping-backup-"));
  try {
    const migration = await appliedMigration(database);
    const databasePath = DATABASE_FILE[database.driver];
    await mkdir(join(staging, dirname(databasePath)), { recursive: true });
    if (database.driver === "pglite") {
      await writeFile(join(staging, databasePath), Buffer.from(await (await database.dump!()).arrayBuffer()));
    } else {
      if (!database.connectionString) throw new BackupError("No connection string for the PostgreSQL database.");
      // Custom format: compressed, restorable table by table, and one consistent snapshot however long it runs.
      await runPgTool("pg_dump", database.connectionString, ["--format=custom", "--no-owner", `--file=${join(staging, databasePath)}`]);
    }
    const databaseBytes = (await stat(join(staging, databasePath))).size;
    progress(`database: ${(databaseBytes / 2 ** 20).toFixed(1)} MB`);

    const objects: BackupManifest["objects"] = [];
    let objectBytes = 0;
    for await (const key of storage.list()) {
      if (SKIPPED_KEYS.test(key)) continue;
      // Read as a stream: a report batch of every town is one object of about 1.8 GB.
      const body = await storage.getStream(key);
      // Listed, then gone: removed between the listing and the read, so not part of this backup.
      if (!body) continue;
      const path = `${OBJECTS_DIR}/${key}`;
      await mkdir(dirname(join(staging, path)), { recursive: true });
      const hash = createHash("sha256");
      let bytes = 0;
      const measured = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(body, measured, createWriteStream(join(staging, path)));
      objects.push({ key, path, bytes, sha256: hash.digest("hex") });
      objectBytes += bytes;
      if (objects.length % 500 === 0) progress(`objects: ${objects.length}…`);
    }
    progress(`objects: ${objects.length} (${(objectBytes / 2 ** 20).toFixed(1)} MB)`);

    const manifest: BackupManifest = {
      format: "zhiping-backup",
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      driver: database.driver,
      migration,
      database: { path: databasePath, bytes: databaseBytes, sha256: await sha256OfFile(join(staging, databasePath)) },
      objects,
    };
    await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 1));
    const partial = `${out}.partial`;
    const entries = [MANIFEST, dirname(databasePath), ...(objects.length ? [OBJECTS_DIR] : [])];
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
    await rename(partial, out);
    return { file: out, bytes: (await stat(out)).size, databaseBytes, objects: objects.length, objectBytes };
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5 });
    await rm(`${out}.partial`, { force: true });
  }
}
