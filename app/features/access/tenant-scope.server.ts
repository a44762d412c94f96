import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { getDb } from "../../platform/db.server";
import type { Actor } from "./permissions";

/** The database role row-level security applies to (migration 0009). */
export const APP_ROLE = "zhiping_app";

/**
 * Runs `work` with the database's own tenant boundary in force: one transaction, as the app role
 * that row-level security applies to, with the acting organization set for its policies. A query
 * in it that forgets its tenant filter still gets no other tenant's rows. `decide` stays the
 * judge of roles and states; this is the floor under it.
 */
export async function withTenantScope<T>(actor: Actor, work: (db: Db) => Promise<T>, db?: Db): Promise<T> {
  const database = db ?? (await getDb());
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('zhiping.org', ${actor.membership?.orgId ?? ""}, true), set_config('zhiping.platform_admin', ${actor.platformAdmin ? "on" : ""}, true)`);
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
    return work(tx as unknown as Db);
  });
}
