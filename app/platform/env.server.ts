import { z } from "zod";

/**
 * Every setting the README lists, validated once. A bad value stops the process at start with a
 * message naming the variable, instead of surfacing later as a confusing failure.
 */
const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(3000).refine((p) => p < 65536, "must be a port number"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((u) => !u || /^postgres(ql)?:\/\//.test(u) || u === "memory://", "must start with postgres:// or be memory://"),
  DATABASE_POOL_SIZE: positiveInt(10),
  PUBLIC_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  AUTH_RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  /** Sign-in attempts one address may make per minute (better-auth's per-address limit); generous for an office behind one NAT. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: positiveInt(30),
  TRUST_PROXY: z.string().default("loopback"),
  EMAIL_API_URL: z.string().url().optional(),
  EMAIL_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().min(3).default("Zhiping <no-reply@zhiping.local>"),
  EVIDENCE_MAX_BYTES: positiveInt(25 * 1024 * 1024),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: flag.optional(),
  /** Evidence on the local disk behind a PostgreSQL server (files invisible to every other instance): refused in production unless "true". */
  ALLOW_LOCAL_STORAGE: flag.default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Bearer token that opens GET /metrics on the main port; unset, the main port has no /metrics. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** A second listener on 127.0.0.1 serving only /metrics, without a token (for a scraper on the same host or pod). */
  METRICS_PORT: z.coerce.number().int().positive().max(65535, "must be a port number").optional(),
  /** Workers per job queue inside each app process; 0 leaves the jobs to `npm run worker` processes. */
  JOB_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /** Overrides every job's attempt timeout (after which a job whose worker died is retried elsewhere). */
  JOB_ATTEMPT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).optional(),
  /** When the queue sends deadline reminders (cron, UTC; default 01:00 UTC = 09:00 in Beijing). */
  REMINDER_CRON: z.string().min(9).default("0 1 * * *"),
  /** How many days ahead of a deadline the scheduled reminder looks. */
  REMINDER_DAYS: z.coerce.number().int().min(0).max(366).default(7),
  /** How long a SIGTERM waits for requests in flight before closing their connections. */
  SHUTDOWN_GRACE_SECONDS: positiveInt(10),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable} ${i.message}`).join("; ")}`);
    this.name = "EnvError";
  }
}

/** The settings from a set of variables; empty strings count as unset (as shells and .env files write them). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) throw new EnvError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  return parsed.data;
}

const holder = globalThis as typeof globalThis & { __zhipingEnv?: Env };

/** The process's settings, read from process.env on first use (the server entry reads them at start). */
export function getEnv(): Env {
  holder.__zhipingEnv ??= parseEnv(process.env);
  return holder.__zhipingEnv;
}

/** For tests that change process.env: read it again on next use. */
export function resetEnv() {
  holder.__zhipingEnv = undefined;
}

/** The address users reach (e-mailed links, better-auth's origin). */
export const publicUrl = (env: Env = getEnv()) => env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
