/**
 * npm run audit:check — recomputes every campaign's audit hash chain against the configured
 * database (DATA_DIR or DATABASE_URL). Exit codes, distinct so a scheduler never mistakes an
 * unreachable database for tampering:
 *   0  every chain intact
 *   1  an entry was altered, inserted or removed (tampering)
 *   2  the check could not run (database busy, unreachable or failing): nothing was verified
 */
import { chainCheckLine, verifyEveryAuditChain } from "../features/audit/index.server";
import { getDatabase } from "../platform/db.server";

const AUDIT_EXIT = { intact: 0, broken: 1, notChecked: 2 } as const;

async function check(): Promise<number> {
  let database;
  try {
    database = await getDatabase();
  } catch (error) {
    console.error(`NOT CHECKED: the database could not be opened: ${(error as Error).message}`);
    return AUDIT_EXIT.notChecked;
  }
  try {
    const checks = await verifyEveryAuditChain(database.db);
    for (const c of checks) console.log(chainCheckLine(c));
    return checks.every((c) => c.ok) ? AUDIT_EXIT.intact : AUDIT_EXIT.broken;
  } catch (error) {
    console.error(`NOT CHECKED: reading the audit trail failed: ${(error as Error).message}`);
    return AUDIT_EXIT.notChecked;
  } finally {
    await database.close().catch(() => {});
  }
}

process.exitCode = await check();
