import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../db/client";
import { organization } from "../../db/schema";

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

  it("rejects a DATABASE_URL it does not understand", async () => {
    await expect(openDatabase({ url: "mysql://x" })).rejects.toThrow(/must start with postgres:\/\/ or be memory:\/\//);
  });
});
