import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDatabase, openDatabase, type Database } from "../../db/client";

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

/**
 * A fresh, migrated database: in-memory PGlite, or a database of its own on the PostgreSQL server
 * (dropped on close) so that test runs and files never see each other's rows.
 */
export async function createTestDatabase(driver: Driver): Promise<Database> {
  if (driver === "pglite") {
    // Migrating costs seconds on PGlite; every database of a test process starts from one migrated copy.
    const database = await openDatabase({ url: "memory://", template: await migratedTemplate() });
    await migrateDatabase(database);
    return database;
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `zt_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await migrateDatabase(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      // pg's Pool.end() resolves before its sockets have closed; forcing the drop while a backend
      // is still saying goodbye makes that client emit an unhandled FATAL. Wait for them first.
      for (let i = 0; i < 50; i++) {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]).finally(() => client.end());
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}
