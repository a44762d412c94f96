/**
 * npm run db:backup -- --out FILE   the configured database (DATA_DIR or DATABASE_URL) and every
 *                                   stored object (DATA_DIR/objects or S3_BUCKET) in one file
 * npm run db:restore -- FILE        into an empty DATA_DIR or an empty DATABASE_URL database, then
 *                                   every campaign's audit chain is verified
 * Exit codes: 0 done (and every chain intact), 1 restored but a chain does not verify,
 * 2 refused or failed with the reason (nothing was changed).
 */
import { parseArgs } from "node:util";
import { chainCheckLine, verifyEveryAuditChain } from "../features/audit/index.server";
import { BackupError } from "../platform/backup/archive";
import { createBackup } from "../platform/backup/backup.server";
import { restoreBackup } from "../platform/backup/restore.server";
import { getDatabase } from "../platform/db.server";
import { getEnv } from "../platform/env.server";
import { storageFromEnvironment } from "../platform/storage.server";

const USAGE = "usage: npm run db:backup -- --out FILE   |   npm run db:restore -- FILE";
const EXIT = { done: 0, chainBroken: 1, refused: 2 } as const;
const say = (message: string) => console.log(`  ${message}`);

async function backup(out: string | undefined): Promise<number> {
  if (!out) throw new BackupError(`--out FILE is required\n${USAGE}`);
  const database = await getDatabase();
  try {
    const started = performance.now();
    const summary = await createBackup({ database, storage: storageFromEnvironment(), out, progress: say });
    say(`${summary.file}: ${(summary.bytes / 2 ** 20).toFixed(1)} MB (database ${database.driver}, ${summary.objects} objects) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return EXIT.done;
  } finally {
    await database.close();
  }
}

async function restore(file: string | undefined): Promise<number> {
  if (!file) throw new BackupError(`the backup FILE is required\n${USAGE}`);
  const env = getEnv();
  const target = env.DATABASE_URL?.startsWith("postgres") ? { driver: "postgres" as const, connectionString: env.DATABASE_URL } : { driver: "pglite" as const, dataDir: env.DATA_DIR };
  await restoreBackup({ file, target, storage: storageFromEnvironment(env), progress: say });
  const database = await getDatabase();
  try {
    const checks = await verifyEveryAuditChain(database.db);
    for (const check of checks) say(chainCheckLine(check));
    return checks.every((c) => c.ok) ? EXIT.done : EXIT.chainBroken;
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" } }, allowPositionals: true });
  const [command, file] = positionals;
  if (command === "backup") return backup(values.out);
  if (command === "restore") return restore(file);
  throw new BackupError(USAGE);
}

process.exitCode = await main().catch((error: Error) => {
  console.error(error instanceof BackupError ? `refused: ${error.message}` : `failed: ${error.message}`);
  return EXIT.refused;
});
