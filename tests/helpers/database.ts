import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrateDatabase, openDatabase, type Database } from "../../db/client";
import { stopJobQueue } from "../../app/platform/jobs/queue.server";

export type Driver = "pglite" | "postgres";

let template: Promise<Blob> | undefined;

/** One migrated embedded database per test process, dumped; each test database loads the dump. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const database = await openDatabase({ url: "memory://" });
    await migrateDatabase(database);
    const dump = await database.dump!();
    await database.close();
    return dump;
  })();
  return template;
}

/** Drivers the database tests run on: always PGlite; PostgreSQL too when TEST_DATABASE_URL is set. */
export const DRIVERS: Driver[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A seeded state that test files share: its name and how to seed it (on a migrated database). */
export interface Seeding {
  key: string;
  seed: (database: Database) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postgresAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const postgresUrl = (name: string) => {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
};

/** pg's Pool.end() resolves before its sockets have closed: wait until no backend is left on the database. */
async function untilDisconnected(name: string) {
  for (let i = 0; i < 50; i++) {
    const n = await postgresAdmin(async (c) => (await c.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name])).rows[0].n as number);
    if (n === 0) return;
    await sleep(100);
  }
}

/**
 * Seeding a demo costs 10–20 s a driver on a loaded machine, and a dozen files want the same one:
 * the first process of a run seeds it once, under a lock, and every file copies it — PostgreSQL
 * as a template database (dropped by the global teardown), PGlite as a dump file in the run's
 * DATA_DIR.
 */
async function seededPostgresTemplate(seeding: Seeding): Promise<string> {
  const name = `zt_tpl_${process.env.ZHIPING_TEST_RUN}_${seeding.key}`;
  await postgresAdmin(async (lock) => {
    await lock.query("select pg_advisory_lock(hashtext($1))", [name]);
    try {
      const exists = (await lock.query("select 1 from pg_database where datname = $1", [name])).rowCount;
      if (exists) return;
      await postgresAdmin((c) => c.query(`create database "${name}"`));
      const database = await openDatabase({ url: postgresUrl(name) });
      try {
        await migrateDatabase(database);
        await seeding.seed(database);
      } catch (error) {
        await database.close();
        await postgresAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
        throw error;
      }
      await database.close();
      await untilDisconnected(name);
    } finally {
      await lock.query("select pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
  return name;
}

async function seededPgliteDump(seeding: Seeding): Promise<Blob> {
  const dir = join(process.env.DATA_DIR!, "test-templates");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${seeding.key}.tar`);
  const read = () => new Blob([readFileSync(file)]);
  if (existsSync(file)) return read();
  try {
    closeSync(openSync(`${file}.lock`, "wx"));
  } catch {
    // Another process is seeding it.
    for (let waited = 0; !existsSync(file); waited += 200) {
      if (waited > 280_000) throw new Error(`no seeded template ${file} after 280 s`);
      await sleep(200);
    }
    return read();
  }
  const database = await openDatabase({ url: "memory://", template: await migratedTemplate() });
  await migrateDatabase(database);
  await seeding.seed(database);
  const dump = await database.dump!();
  await database.close();
  writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${file}.tmp`, file);
  return dump;
}

/**
 * Jobs a test set going (an audit queued by publishing, a report batch) stop before their database
 * closes: the process's queue would otherwise outlive it and fail the next file's first job.
 */
async function closeAfterJobs(database: Database) {
  await stopJobQueue();
  await database.close();
}

/**
 * A fresh, migrated database: in-memory PGlite, or a database of its own on the PostgreSQL server
 * (dropped on close) so that test runs and files never see each other's rows. With `seeding`, it
 * starts as a copy of that seeded state.
 */
export async function createTestDatabase(driver: Driver, seeding?: Seeding): Promise<Database> {
  if (driver === "pglite") {
    // Migrating costs seconds on PGlite; every database of a test process starts from one migrated copy.
    const template = seeding ? await seededPgliteDump(seeding) : await migratedTemplate();
    const database = await openDatabase({ url: "memory://", template });
    await migrateDatabase(database);
    return { ...database, close: async () => closeAfterJobs(database) };
  }
  const name = `zt_${process.pid}_${randomBytes(4).toString("hex")}`;
  const template = seeding ? await seededPostgresTemplate(seeding) : null;
  await postgresAdmin((c) => c.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`));
  const database = await openDatabase({ url: postgresUrl(name) });
  await migrateDatabase(database);
  return {
    ...database,
    close: async () => {
      await closeAfterJobs(database);
      // Forcing the drop while a backend is still saying goodbye makes that client emit an unhandled FATAL.
      await untilDisconnected(name);
      await postgresAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The run's template databases on the PostgreSQL server, dropped when the run ends. */
export async function dropSeededTemplates() {
  if (!process.env.TEST_DATABASE_URL || !process.env.ZHIPING_TEST_RUN) return;
  await postgresAdmin(async (c) => {
    const { rows } = await c.query("select datname from pg_database where datname like $1", [`zt_tpl_${process.env.ZHIPING_TEST_RUN}_%`]);
    for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`);
  });
}

/** A new, empty database on the PostgreSQL server (not migrated), dropped by `drop`. */
export async function emptyPostgresDatabase(): Promise<{ connectionString: string; drop: () => Promise<void> }> {
  const name = `zt_${process.pid}_${randomBytes(4).toString("hex")}`;
  await postgresAdmin((c) => c.query(`create database "${name}"`));
  return {
    connectionString: postgresUrl(name),
    drop: async () => {
      await untilDisconnected(name);
      await postgresAdmin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
