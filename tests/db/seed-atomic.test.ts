import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { directoryStorage, type ObjectStorage } from "../../app/platform/storage.server";
import { seedDemoIfEmpty } from "../../db/seed/index";
import { isEmpty } from "../../db/seed/tenants";
import { createTestDatabase, DRIVERS } from "../helpers/database";

/** Storage that fails after some writes: a first start killed in the middle of seeding. */
function failingAfter(writes: number): ObjectStorage {
  const inner = directoryStorage(mkdtempSync(join(tmpdir(), "zhiping-seed-")));
  let left = writes;
  return { ...inner, put: async (...args) => (left-- > 0 ? inner.put(...args) : Promise.reject(new Error("interrupted"))) };
}

describe.each(DRIVERS)("the demo seed on %s", (driver) => {
  it("is all or nothing: an interrupted first start leaves an empty database, and the next start seeds it whole", async () => {
    const database = await createTestDatabase(driver);
    try {
      await expect(seedDemoIfEmpty(database.db, failingAfter(5))).rejects.toThrow("interrupted");
      expect(await isEmpty(database.db)).toBe(true);
      for (const table of ["user", "campaign", "submission", "audit_event", "evidence"]) {
        const rows = await database.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${table}"`));
        const n = (Array.isArray(rows) ? rows[0] : (rows as { rows: { n: number }[] }).rows[0])!.n;
        expect(n, table).toBe(0);
      }
      const logins = await seedDemoIfEmpty(database.db, directoryStorage(mkdtempSync(join(tmpdir(), "zhiping-seed-"))));
      expect(logins?.length).toBeGreaterThan(20);
      expect(await seedDemoIfEmpty(database.db)).toBeNull();
    } finally {
      await database.close();
    }
    // Two whole demo seeds on the embedded database: a slow CI machine, beside the browser tests, once took over 90 s.
  }, 240_000);
});
