import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/client";
import { auditEvent, campaign, organization } from "../../db/schema";
import { processIdentity } from "../../db/lock";

const run = promisify(execFile);
const ROOT = new URL("../..", import.meta.url).pathname;

describe("embedded database in DATA_DIR", () => {
  it("persists across opens, and refuses a second process with a message naming the holder", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "zhiping-data-"));
    const first = await openDatabase({ url: "", dataDir });
    await migrateDatabase(first);
    await first.db.insert(organization).values({ id: "o1", name: "持久化测试", slug: "persist" });

    const script = join(dataDir, "second.mts");
    writeFileSync(script, `import { openDatabase } from ${JSON.stringify(join(ROOT, "db/client.ts"))};\nawait openDatabase({ url: "", dataDir: ${JSON.stringify(dataDir)} });\nconsole.log("opened");\n`);
    const second = await run(process.execPath, ["--import", "tsx", script], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`is in use by process ${process.pid}`);
    expect(second.stderr).toContain("set DATABASE_URL");

    await first.close();
    const reopened = await openDatabase({ url: "", dataDir });
    expect((await reopened.db.select().from(organization)).map((o) => o.name)).toEqual(["持久化测试"]);
    await reopened.close();
  });

  it("takes over a lock left by a process that died", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "zhiping-stale-"));
    writeFileSync(join(dataDir, "zhiping.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, command: "gone", startedAt: "2020-01-01" }));
    const database = await openDatabase({ url: "", dataDir });
    await database.close();
  });

  it("takes over a lock whose PID now belongs to another process, but not one its holder still has", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "zhiping-reused-"));
    const other = spawn("sleep", ["30"]);
    try {
      const lock = join(dataDir, "zhiping.lock");
      // The PID runs, but it is not the process that took the lock (its start time differs).
      writeFileSync(lock, JSON.stringify({ pid: other.pid, identity: `${processIdentity(other.pid!)}0`, command: "crashed server", startedAt: "2020-01-01" }));
      const taken = await openDatabase({ url: "", dataDir });
      await taken.close();
      writeFileSync(lock, JSON.stringify({ pid: other.pid, identity: processIdentity(other.pid!), command: "live server", startedAt: "2020-01-01" }));
      await expect(openDatabase({ url: "", dataDir })).rejects.toThrow(`is in use by process ${other.pid} (live server`);
    } finally {
      other.kill();
    }
  });

  it("npm run audit:check tells tampering (1) from a check that could not run (2)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "zhiping-audit-"));
    const check = () =>
      run(process.execPath, ["--import", "tsx", "app/server/audit-check.ts"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const holder = await openDatabase({ url: "", dataDir });
    await migrateDatabase(holder);
    const busy = await check();
    expect(busy.code).toBe(2);
    expect(busy.out).toContain("NOT CHECKED");
    await holder.db.insert(organization).values({ id: "m1", name: "部", slug: "m1" });
    await holder.db.insert(campaign).values({ id: "c1", slug: "c1", ministryOrgId: "m1", nameZh: "批次", nameEn: "c", year: 2026, frameworkRef: "zhiping-pilot@1.0.0", method: {} as never, submissionDeadline: new Date(), reviewDeadline: new Date() });
    await holder.close();
    expect(await check()).toMatchObject({ code: 0 });
    const reopened = await openDatabase({ url: "", dataDir });
    await reopened.db.insert(auditEvent).values({ id: "e1", campaignId: "c1", seq: 1, at: new Date().toISOString(), entity: "campaign", entityId: "c1", action: "forged", prevHash: "0".repeat(64), hash: "f".repeat(64) });
    await reopened.close();
    const tampered = await check();
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain("BROKEN  c1");
  });

  it("rejects a DATABASE_URL it does not understand", async () => {
    await expect(openDatabase({ url: "mysql://x" })).rejects.toThrow(/must start with postgres:\/\/ or be memory:\/\//);
  });
});
