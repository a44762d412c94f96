import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../app/platform/env.server";

describe("the environment is read once, through one schema", () => {
  it("gives the README's defaults, and treats empty values as unset", () => {
    const env = parseEnv({ PORT: "", DATABASE_URL: "" });
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", DATABASE_POOL_SIZE: 10, AUTH_RATE_LIMIT: "on", TRUST_PROXY: "loopback", EVIDENCE_MAX_BYTES: 25 * 1024 * 1024, S3_REGION: "us-east-1" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(parseEnv({ S3_FORCE_PATH_STYLE: "true", EVIDENCE_MAX_BYTES: "1024" })).toMatchObject({ S3_FORCE_PATH_STYLE: true, EVIDENCE_MAX_BYTES: 1024 });
  });

  it("names every invalid variable and what it expected", () => {
    const bad = () => parseEnv({ PORT: "http", DATABASE_URL: "mysql://x", AUTH_RATE_LIMIT: "maybe", PUBLIC_URL: "not a url", EVIDENCE_MAX_BYTES: "-5" });
    expect(bad).toThrow(EnvError);
    try {
      bad();
    } catch (error) {
      expect((error as EnvError).issues.map((i) => i.variable).sort()).toEqual(["AUTH_RATE_LIMIT", "DATABASE_URL", "EVIDENCE_MAX_BYTES", "PORT", "PUBLIC_URL"]);
      expect((error as Error).message).toContain("DATABASE_URL must start with postgres:// or be memory://");
    }
  });

  it("npm start refuses to start on a bad setting, naming it, before touching the database", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "app/server/start.ts"], { cwd: new URL("../..", import.meta.url).pathname, env: { ...process.env, PORT: "eighty", DATABASE_URL: "memory://" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Zhiping could not start: Invalid environment: PORT /);
  });
});
