import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { acquireDataDirLock } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  /** "pglite" (embedded, file or memory) or "postgres" (a server). */
  driver: "pglite" | "postgres";
  /** Where the data lives, for logs (never the password). */
  location: string;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));

export interface DatabaseOptions {
  /** postgres://… for a server; memory:// for a throwaway embedded database; unset for DATA_DIR. */
  url?: string;
  dataDir?: string;
}

/**
 * The one place that opens database connections. With no URL, embedded PGlite persisted under
 * DATA_DIR/pgdata (one process at a time, enforced by a lock file); `memory://` keeps it in
 * memory; `postgres://` connects a pooled node-postgres client.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL ?? "";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({
      connectionString: url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    });
    const safe = new URL(url);
    safe.password = "";
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      driver: "postgres",
      location: `${safe.host}${safe.pathname}`,
      close: () => pool.end(),
    };
  }
  if (url === "memory://") {
    const client = new PGlite();
    return { db: drizzlePglite(client, { schema }) as unknown as Db, driver: "pglite", location: "memory", close: () => client.close() };
  }
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or be memory://; got "${url.replace(/:[^:@/]*@/, ":***@")}"`);
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? "./data");
  mkdirSync(dataDir, { recursive: true });
  const release = acquireDataDirLock(dataDir);
  try {
    const client = new PGlite(`${dataDir}/pgdata`);
    await client.waitReady;
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      driver: "pglite",
      location: `${dataDir}/pgdata`,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Applies the committed drizzle-kit migrations (idempotent). */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.driver === "postgres") await migratePg(database.db as never, config);
  else await migratePglite(database.db as never, config);
}

export { schema };
