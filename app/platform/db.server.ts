import { migrateDatabase, openDatabase, type Database } from "../../db/client";
import { getEnv } from "./env.server";

const databaseOptions = (env = getEnv()) => ({ url: env.DATABASE_URL ?? "", dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE });

/**
 * The process's database, opened and migrated once. Kept on globalThis because the server entry
 * and the Remix server bundle each load their own copy of this module, and PGlite must be opened
 * by one of them only.
 */
const holder = globalThis as typeof globalThis & { __zhipingDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  holder.__zhipingDatabase ??= openDatabase(databaseOptions()).then(async (d) => {
    await migrateDatabase(d);
    return d;
  });
  return holder.__zhipingDatabase;
}

/** For tests and the server entry: use this database instead of opening one from the environment. */
export function setDatabase(database: Database) {
  holder.__zhipingDatabase = Promise.resolve(database);
}

export async function getDb() {
  return (await getDatabase()).db;
}
