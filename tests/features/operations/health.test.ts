import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../db/client";
import { readiness } from "../../../app/platform/readiness.server";
import { directoryStorage, type ObjectStorage } from "../../../app/platform/storage.server";
import * as healthz from "../../../app/routes/healthz";
import { createTestDatabase, DRIVERS } from "../../helpers/database";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const storage = () => directoryStorage(mkdtempSync(join(tmpdir(), "zhiping-ready-")));
const broken: ObjectStorage = { put: () => Promise.reject(new Error("disk full")), get: () => Promise.resolve(null), putStream: () => Promise.reject(new Error("disk full")), getStream: () => Promise.resolve(null), removeLeftovers: () => Promise.resolve(0), list: async function* () {} };

describe("liveness", () => {
  it("/healthz answers 200 without touching the database, never cached", async () => {
    const response = healthz.loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe.each(DRIVERS)("readiness on %s", (driver) => {
  it("is ready with a migrated database and writable storage; names the failed check otherwise, never its error", async () => {
    const database = await createTestDatabase(driver);
    try {
      const writable = storage();
      expect(await readiness(async () => database, () => writable)).toEqual({ ready: true, checks: { database: "ok", migrations: "ok", storage: "ok" } });
      // A load balancer's probes arriving together (the route matrix sends eleven at once) all pass.
      expect((await Promise.all(Array.from({ length: 8 }, () => readiness(async () => database, () => writable)))).every((r) => r.ready)).toBe(true);
      expect(await readiness(async () => database, () => broken)).toEqual({ ready: false, checks: { database: "ok", migrations: "ok", storage: "failed" } });
      expect(await readiness(() => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.5:5432")), () => writable)).toEqual({ ready: false, checks: { database: "failed", migrations: "failed", storage: "ok" } });
    } finally {
      await database.close();
    }
  });
});

describe("readiness of an embedded database nobody migrated", () => {
  it("says the migrations are not current", async () => {
    const empty = await openDatabase({ url: "memory://" });
    try {
      expect((await readiness(async () => empty, storage)).checks).toEqual({ database: "ok", migrations: "failed", storage: "ok" });
    } finally {
      await empty.close();
    }
  });
});
