import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import PgBoss from "pg-boss";
import { installBundledFrameworks } from "./bundled-frameworks";
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
  /** Refreshes the planner's statistics now (after bulk loads such as the demo seed). */
  analyze(): Promise<void>;
  close(): Promise<void>;
  /** Embedded only: the data directory as a dump a `memory://` database can start from (DatabaseOptions.template). */
  dump?(): Promise<Blob>;
  /** Plain SQL on this database's own connections, for libraries that bring their own queries (the job queue, pg-boss). */
  sqlExecutor: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  /** Server only: the URL it was opened with, for pg_dump and pg_restore. Holds the password: never log it. */
  connectionString?: string;
}

/** How often the embedded database refreshes its planner statistics. */
const EMBEDDED_ANALYZE_INTERVAL_MS = 10 * 60_000;

/**
 * PGlite runs no autovacuum, so without this the planner keeps the row estimates of an empty
 * database and picks nested loops that cost 100× at a few hundred cities. A server's autovacuum
 * does the same job on its own.
 */
function embedded(client: PGlite, location: string, release: () => void = () => {}): Database {
  const analyze = async () => {
    await client.exec("ANALYZE");
  };
  const timer = setInterval(() => void analyze().catch((error) => console.error("ANALYZE failed:", error)), EMBEDDED_ANALYZE_INTERVAL_MS);
  timer.unref();
  return {
    dump: () => client.dumpDataDir("none"),
    sqlExecutor: {
      // Parameters need the extended protocol (one statement); a script of several statements goes through exec.
      executeSql: async (text, values = []) => (values.length ? client.query(text, values as never[]) : ((await client.exec(text)).at(-1) ?? { rows: [] })),
    },
    db: drizzlePglite(client, { schema }) as unknown as Db,
    driver: "pglite",
    location,
    analyze,
    close: async () => {
      clearInterval(timer);
      await client.close();
      release();
    },
  };
}

/**
 * Several queries' results, in order. A transaction has one connection, so there they run one
 * after another: node-postgres 8 warns, and 9 refuses, a query asked of a client that is still
 * running one (and a tenant-scoped reader is always a transaction). On a pool they run together.
 */
export async function queriesInTurn<T extends readonly unknown[]>(db: object, ...queries: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(queries.map((query) => query()))) as unknown as T;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as unknown as T;
}

/** The rows of a raw `db.execute(sql…)`, whichever driver answered (node-postgres and PGlite shape results differently). */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * The checkout's db/migrations, found from wherever this module runs: its own file, or a bundle
 * under build/ (the worker's) whose relative paths are not the source tree's.
 */
function migrationsDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, "migrations"), join(dir, "db", "migrations")]) if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no db/migrations above ${fileURLToPath(import.meta.url)}`);
  }
}

export const MIGRATIONS_DIR = migrationsDir();

export interface DatabaseOptions {
  /** postgres://… for a server; memory:// for a throwaway embedded database; unset for DATA_DIR. */
  url?: string;
  dataDir?: string;
  /** Connections per process to a PostgreSQL server. */
  poolSize?: number;
  /** For `memory://`: start from this dump of a data directory (tests copy one migrated database instead of migrating each). */
  template?: Blob;
}

/**
 * The one place that opens database connections. With no URL, embedded PGlite persisted under
 * DATA_DIR/pgdata (one process at a time, enforced by a lock file); `memory://` keeps it in
 * memory; `postgres://` connects a pooled node-postgres client.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? "";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // The app's queries are short; row-level security makes their estimates large enough that
      // PostgreSQL compiled them (about 50 ms each, more than a town-scale query then took).
      options: "-c jit=off",
    });
    const safe = new URL(url);
    safe.password = "";
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      driver: "postgres",
      location: `${safe.host}${safe.pathname}`,
      connectionString: url,
      sqlExecutor: { executeSql: (text, values) => pool.query(text, values as never[]) },
      analyze: async () => {
        await pool.query("ANALYZE");
      },
      close: () => pool.end(),
    };
  }
  if (url === "memory://") {
    return embedded(options.template ? new PGlite({ loadDataDir: options.template }) : new PGlite(), "memory");
  }
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or be memory://; got "${url.replace(/:[^:@/]*@/, ":***@")}"`);
  const dataDir = resolve(options.dataDir ?? "./data");
  mkdirSync(dataDir, { recursive: true });
  const release = acquireDataDirLock(dataDir);
  try {
    const client = new PGlite(`${dataDir}/pgdata`);
    await client.waitReady;
    return embedded(client, `${dataDir}/pgdata`, release);
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Applies the committed drizzle-kit migrations (idempotent) and installs the bundled frameworks
 * into the shared library; an embedded database then refreshes its statistics.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.driver === "postgres") await migratePg(database.db as never, config);
  else await migratePglite(database.db as never, config);
  await installJobQueueSchema(database);
  await installBundledFrameworks(database.db);
  if (database.driver === "pglite") await database.analyze();
}

/**
 * The job queue's own tables (schema `pgboss`, versioned by pg-boss; decision 013), created here
 * with everything else so that a copied test database has them and every later start only checks
 * the version. pg-boss upgrades its schema itself when a newer version starts.
 */
async function installJobQueueSchema(database: Database) {
  const { rows } = await database.sqlExecutor.executeSql("select to_regclass('pgboss.version') is not null as present", []);
  if ((rows[0] as { present: boolean }).present) return;
  await database.sqlExecutor.executeSql(PgBoss.getConstructionPlans("pgboss"));
}

export { schema };
