import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { getEnv, type Env } from "./env.server";

export interface AuthSecret {
  secret: string;
  /** "env": AUTH_SECRET; "file": read from DATA_DIR; "generated": created in DATA_DIR just now. */
  source: "env" | "file" | "generated";
  path?: string;
}

const FILE = "auth-secret";

/**
 * The secret that signs sessions. Never a value known from the source code: AUTH_SECRET when set;
 * otherwise a random secret generated once and kept beside the embedded database (readable by the
 * owner only). Processes that share a PostgreSQL server in production must share one secret, which
 * only AUTH_SECRET can give them, so there it is required.
 */
export function resolveAuthSecret(env: Env = getEnv()): AuthSecret {
  if (env.AUTH_SECRET) return { secret: env.AUTH_SECRET, source: "env" };
  if (env.NODE_ENV === "production" && env.DATABASE_URL?.startsWith("postgres"))
    throw new Error("AUTH_SECRET must be set in production on PostgreSQL: every app process signs sessions with it (generate one with `openssl rand -base64 32`).");
  const dir = resolve(env.DATA_DIR);
  const path = join(dir, FILE);
  try {
    const kept = readFileSync(path, "utf8").trim();
    if (kept.length >= 32) return { secret: kept, source: "file", path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process of this data directory wrote it first: use that one.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { secret: readFileSync(path, "utf8").trim(), source: "file", path };
    throw error;
  }
  return { secret, source: "generated", path };
}

const holder = globalThis as typeof globalThis & { __zhipingAuthSecret?: AuthSecret };

/** The process's secret, resolved once. */
export function authSecret(): AuthSecret {
  holder.__zhipingAuthSecret ??= resolveAuthSecret();
  return holder.__zhipingAuthSecret;
}
