import pino, { type DestinationStream, type Level, type Logger } from "pino";
import { getEnv } from "../env.server";
import { currentRequest } from "./request-context.server";

/**
 * Fields that must never reach a log line, at any depth a caller might pass them: credentials,
 * session material, and what citizens or cities typed.
 */
const REDACTED = ["password", "newPassword", "currentPassword", "token", "secret", "authorization", "cookie", "answers", "text"];
const redactPaths = REDACTED.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const holder = globalThis as typeof globalThis & { __zhipingLogger?: Logger };

/**
 * The process's structured logger: one JSON object per line on stdout, each line inside a request
 * carrying that request's id. LOG_LEVEL sets the level (default info; warn under tests).
 */
export function getLogger(): Logger {
  if (holder.__zhipingLogger) return holder.__zhipingLogger;
  const env = getEnv();
  holder.__zhipingLogger = createLogger(env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "warn" : "info"));
  return holder.__zhipingLogger;
}

/** A logger with the platform's format and redactions, to stdout or (in tests) to the stream given. */
export function createLogger(level: Level | "silent", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "zhiping", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: redactPaths, censor: "[redacted]" },
    mixin: () => {
      const request = currentRequest();
      return request ? { requestId: request.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** For tests that change LOG_LEVEL. */
export function resetLogger() {
  holder.__zhipingLogger = undefined;
}

/** An error as a log field: its message and code, never its whole object (which can hold a query's parameters). */
export const errorField = (error: unknown) =>
  error instanceof Error ? { message: error.message, code: (error as { code?: unknown }).code, stack: error.stack } : { message: String(error) };
