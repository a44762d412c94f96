import { createReadStream, existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import * as tar from "tar";
import journal from "../../../db/migrations/meta/_journal.json";
import { acquireDataDirLock } from "../../../db/lock";
import type { ObjectStorage } from "../storage.server";
import { BackupError, MANIFEST, sha256OfFile, type BackupManifest } from "./archive";
import { runPgTool } from "./pg-tools.server";

/** Where a backup goes: an embedded data directory, or an empty database on a PostgreSQL server. */
export type RestoreTarget = { driver: "pglite"; dataDir: string } | { driver: "postgres"; connectionString: string };

export interface RestoreSummary {
  driver: "pglite" | "postgres";
  createdAt: string;
  objects: number;
}

async function readManifest(staging: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(staging, MANIFEST), "utf8"));
  } catch {
    throw new BackupError(`The file is not a Zhiping backup: it has no readable ${MANIFEST}.`);
  }
  if (manifest.format !== "zhiping-backup" || manifest.formatVersion !== 1) throw new BackupError(`Unknown backup format "${manifest.format} ${manifest.formatVersion}".`);
  if (!journal.entries.some((e) => e.tag === manifest.migration))
    throw new BackupError(`The backup's database is at migration ${manifest.migration}, which this code does not have: restore it with the Zhiping version that made it, or a newer one.`);
  return manifest;
}

/** Every file the manifest lists is there with its SHA-256: a damaged or incomplete backup is refused before anything is touched. */
async function verifyContents(staging: string, manifest: BackupManifest) {
  for (const file of [manifest.database, ...manifest.objects]) {
    const path = join(staging, file.path);
    if (!existsSync(path)) throw new BackupError(`The backup is incomplete: ${file.path} is missing.`);
    if ((await stat(path)).size !== file.bytes || (await sha256OfFile(path)) !== file.sha256) throw new BackupError(`The backup is damaged: ${file.path} does not match its SHA-256 in the manifest.`);
  }
}

async function assertEmptyServerDatabase(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema in ('public', 'drizzle')");
    const tables = Number(rows[0]!.n);
    if (tables > 0) throw new BackupError(`The target database already holds ${tables} table(s). Restore into a new, empty database (createdb …) and point DATABASE_URL at it: a restore never overwrites data.`);
  } finally {
    await client.end();
  }
}

function assertEmptyDataDir(dataDir: string) {
  const target = join(dataDir, "pgdata");
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new BackupError(`${target} already holds a database. Restore into an empty DATA_DIR (or move this one away first): a restore never overwrites data.`);
}

async function restoreEmbedded(dataDir: string, dump: string) {
  const target = join(dataDir, "pgdata");
  await mkdir(dataDir, { recursive: true });
  const release = acquireDataDirLock(dataDir);
  assertEmptyDataDir(dataDir);
  const restoring = join(dataDir, "pgdata.restoring");
  try {
    await rm(restoring, { recursive: true, force: true });
    const client = new PGlite(restoring, { loadDataDir: new Blob([await readFile(dump)]) });
    await client.waitReady;
    await client.query("select 1");
    await client.close();
    await rm(target, { recursive: true, force: true });
    // The database appears under its real name only once whole.
    await rename(restoring, target);
  } finally {
    await rm(restoring, { recursive: true, force: true });
    release();
  }
}

/**
 * Restores a backup made by createBackup: checks the whole archive first, puts the objects back
 * (content-addressed, so putting one twice is harmless), then loads the database into an empty
 * target. A refusal at any step leaves the target database as it was.
 */
export async function restoreBackup(options: { file: string; target: RestoreTarget; storage: ObjectStorage; progress?: (message: string) => void }): Promise<RestoreSummary> {
  const { target, storage, progress = () => {} } = options;
  const file = resolve(options.file);
  if (!existsSync(file)) throw new BackupError(`No backup at ${file}.`);
  const staging = await mkdtemp(join(dirname(file), ".zhiping-restore-"));
  try {
    try {
      await tar.extract({ file, cwd: staging, strict: true });
    } catch (error) {
      throw new BackupError(`The file is not a readable backup archive: ${(error as Error).message}`);
    }
    const manifest = await readManifest(staging);
    if (manifest.driver !== target.driver)
      throw new BackupError(
        manifest.driver === "pglite"
          ? "This backup is of an embedded database: restore it with DATABASE_URL unset (into DATA_DIR)."
          : "This backup is of a PostgreSQL server: restore it with DATABASE_URL pointing at an empty database.",
      );
    await verifyContents(staging, manifest);
    if (target.driver === "postgres") await assertEmptyServerDatabase(target.connectionString);
    else assertEmptyDataDir(resolve(target.dataDir));
    progress(`backup of ${manifest.createdAt} verified: database and ${manifest.objects.length} object(s)`);

    for (const object of manifest.objects) {
      const path = join(staging, object.path);
      if ((await sha256OfFile(path)) !== object.sha256) throw new BackupError(`The backup is damaged: ${object.path} changed while being restored.`);
      await storage.putStream(object.key, createReadStream(path), "application/octet-stream");
    }
    progress(`objects restored: ${manifest.objects.length}`);

    const dump = join(staging, manifest.database.path);
    if (target.driver === "pglite") await restoreEmbedded(resolve(target.dataDir), dump);
    // One transaction: a failure part-way leaves the database empty, as it was.
    else await runPgTool("pg_restore", target.connectionString, ["--no-owner", "--exit-on-error", "--single-transaction", dump]);
    progress("database restored");
    return { driver: manifest.driver, createdAt: manifest.createdAt, objects: manifest.objects.length };
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5 });
  }
}
