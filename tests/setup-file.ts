import { afterAll } from "vitest";
import { resetEnv } from "../app/platform/env.server";

/**
 * Test files share worker processes (vitest.config.ts, isolate: false): after each file, what the
 * app keeps per process goes back to how a fresh process starts — the environment it read, and the
 * object storage a file may have pointed at a mock.
 */
afterAll(() => {
  resetEnv();
  delete (globalThis as { __zhipingStorage?: unknown }).__zhipingStorage;
});
