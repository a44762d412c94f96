import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveAuthSecret } from "../../app/platform/auth-secret.server";
import { parseEnv } from "../../app/platform/env.server";

describe("the secret that signs sessions is never one the source code knows", () => {
  it("without AUTH_SECRET, generates a random one once into DATA_DIR (owner-only) and keeps using it", () => {
    const dir = mkdtempSync(join(tmpdir(), "zhiping-secret-"));
    const first = resolveAuthSecret(parseEnv({ DATA_DIR: dir, NODE_ENV: "production" }));
    expect(first.source).toBe("generated");
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
    const again = resolveAuthSecret(parseEnv({ DATA_DIR: dir, NODE_ENV: "production" }));
    expect(again).toMatchObject({ source: "file", secret: first.secret });
    const other = resolveAuthSecret(parseEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), "zhiping-secret-")) }));
    expect(other.secret).not.toBe(first.secret);
  });

  it("takes AUTH_SECRET when set, and requires it in production on PostgreSQL", () => {
    expect(resolveAuthSecret(parseEnv({ AUTH_SECRET: "s".repeat(40) }))).toEqual({ secret: "s".repeat(40), source: "env" });
    expect(() => resolveAuthSecret(parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/zhiping" }))).toThrow(/AUTH_SECRET must be set in production on PostgreSQL/);
  });
});
