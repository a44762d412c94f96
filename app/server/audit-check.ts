/**
 * npm run audit:check — recomputes every campaign's audit hash chain against the configured
 * database (DATA_DIR or DATABASE_URL). Exit 0: intact; 1: an entry was altered, inserted or removed.
 */
import { campaign } from "../../db/schema";
import { verifyAuditChain } from "../features/audit/index.server";
import { getDatabase } from "../platform/db.server";

const database = await getDatabase();
try {
  const campaigns = await database.db.select({ id: campaign.id, slug: campaign.slug }).from(campaign);
  let broken = 0;
  for (const c of campaigns) {
    const check = await verifyAuditChain(database.db, c.id);
    if (!check.ok) broken++;
    console.log(check.ok ? `ok      ${c.slug}: ${check.entries} entries` : `BROKEN  ${c.slug}: entry ${check.broken!.seq} ${check.broken!.problem}`);
  }
  process.exitCode = broken ? 1 : 0;
} finally {
  await database.close();
}
