import { sql } from "drizzle-orm";
import type { Db } from "../client";
import type { ObjectStorage } from "../../app/platform/storage.server";
import { isEmpty, seedDemo, type DemoLogin } from "./tenants";
import { seedDemoActivity } from "./activity";

/**
 * Seeds the demo (tenants and workflow activity) into an empty database; a database in use is
 * left alone. All of it is one transaction (the workflow's own transactions become savepoints), so
 * a first start that is interrupted leaves an empty database, which the next start seeds afresh,
 * never a half-seeded demo. Evidence files written before an interruption stay in storage,
 * unreferenced and harmless (their keys are content hashes).
 */
export async function seedDemoIfEmpty(db: Db, storage?: ObjectStorage): Promise<DemoLogin[] | null> {
  if (!(await isEmpty(db))) return null;
  return db.transaction(async (tx) => {
    const seeded = tx as unknown as Db;
    // Two processes starting on one empty PostgreSQL database: the second waits here, then finds it seeded.
    await seeded.execute(sql`select pg_advisory_xact_lock(hashtext('zhiping:demo-seed'))`);
    if (!(await isEmpty(seeded))) return null;
    const logins = await seedDemo(seeded);
    await seedDemoActivity(seeded, storage);
    return logins;
  });
}
