import { migrateDatabase, openDatabase, type Database } from "../../db/client";

let database: Promise<Database> | undefined;

/** The process's database, opened and migrated once (connections are db/'s business). */
export function getDatabase(): Promise<Database> {
  database ??= openDatabase().then(async (d) => {
    await migrateDatabase(d);
    return d;
  });
  return database;
}

export async function getDb() {
  return (await getDatabase()).db;
}
