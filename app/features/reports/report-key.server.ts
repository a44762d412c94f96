import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../../db/client";

/** The installation's key for report IDs: made on first use in the database, so every app process shares it. */
export async function reportIdKey(db: Db): Promise<string> {
  const [row] = rowsOf<{ key: string }>(await db.execute(sql`select zhiping_installation_secret('report-id-key') as key`));
  return row!.key;
}
