import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import journal from "../../db/migrations/meta/_journal.json";
import { rowsOf, type Database } from "../../db/client";
import type { ObjectStorage } from "./storage.server";
import { errorField, getLogger } from "./observability/logger.server";

export type CheckOutcome = "ok" | "failed";

export interface Readiness {
  ready: boolean;
  checks: { database: CheckOutcome; migrations: CheckOutcome; storage: CheckOutcome };
}

/** The newest migration this code ships (drizzle-kit records each applied one with its journal time). */
const LATEST_MIGRATION = Math.max(...journal.entries.map((e) => e.when));
/** This process's own probe object: processes sharing one bucket never read each other's write. */
const PROBE_KEY = `health/readyz-probe-${randomUUID()}`;

/** Runs one check; a failure is logged for the operator and reported as "failed", never with its message (it may name hosts or paths). */
async function check(name: string, run: () => Promise<boolean>): Promise<CheckOutcome> {
  try {
    if (await run()) return "ok";
    getLogger().error({ check: name }, "readiness check did not pass");
  } catch (error) {
    getLogger().error({ check: name, err: errorField(error) }, "readiness check failed");
  }
  return "failed";
}

/**
 * Whether this process can serve: the database answers, its schema is at this code's latest
 * migration, and object storage takes a write and gives it back. Cheap enough for a load
 * balancer's probe every few seconds.
 */
export function readiness(open: () => Promise<Database>, storage: () => ObjectStorage): Promise<Readiness> {
  // Probes that arrive together share one check: two writes of the probe object at once could read back each other's.
  inflight ??= runChecks(open, storage).finally(() => (inflight = null));
  return inflight;
}

let inflight: Promise<Readiness> | null = null;

async function runChecks(open: () => Promise<Database>, storage: () => ObjectStorage): Promise<Readiness> {
  let database: Database | null = null;
  const databaseOk = await check("database", async () => {
    database = await open();
    return rowsOf<{ one: number }>(await database.db.execute(sql`select 1 as one`))[0]?.one === 1;
  });
  const migrations = databaseOk === "ok"
    ? await check("migrations", async () => {
        const [row] = rowsOf<{ last: string | number | null }>(await database!.db.execute(sql`select max(created_at) as last from drizzle.__drizzle_migrations`));
        return Number(row?.last ?? 0) >= LATEST_MIGRATION;
      })
    : "failed";
  const storageOk = await check("storage", async () => {
    const probe = new TextEncoder().encode(`ready ${Date.now()}`);
    const store = storage();
    await store.put(PROBE_KEY, probe, "text/plain");
    const back = await store.get(PROBE_KEY);
    return !!back && Buffer.compare(back, Buffer.from(probe)) === 0;
  });
  const checks = { database: databaseOk, migrations, storage: storageOk };
  return { ready: Object.values(checks).every((c) => c === "ok"), checks };
}
