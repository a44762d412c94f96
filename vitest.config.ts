import { defineConfig } from "vitest/config";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BrowserFilesEarlySequencer } from "./tests/sequencer";

// One id per test run: the seeded template databases of this run are named by it (tests/helpers/database.ts).
process.env.ZHIPING_TEST_RUN ??= randomBytes(4).toString("hex");

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    setupFiles: ["tests/setup-file.ts"],
    testTimeout: 30_000,
    // A file's first use of the demo with its activity seeds it (about 16 s alone on PGlite); on a
    // slow 2-core CI machine, beside Chromium and the app servers, that once took over two minutes.
    hookTimeout: 300_000,
    pool: "forks",
    // Vitest's default on a 2-core machine is one worker, but most of a file's time is spent waiting
    // on other processes (the PostgreSQL server, the app server, Chromium): two workers overlap those
    // waits and bring the suite from ~13 to ~9 minutes on CI's 2 cores.
    maxWorkers: 2,
    // A worker runs file after file without re-importing the app for each (~40% of the suite's time
    // went to evaluating the same modules again). Test files therefore leave the process as they
    // found it: an environment variable a file sets is removed after it, tests/setup-file.ts resets
    // the environment and storage the app keeps per process, and each file's useApp/startApp sets
    // the app's database and better-auth.
    isolate: false,
    sequence: { sequencer: BrowserFilesEarlySequencer },
    // Browser tests poll the page for what an action changed; under two workers, a server and
    // Chromium on two cores an answer can take several seconds, far past the 1 s default.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Files the app stores (evidence, report ZIPs) go to a throwaway directory, never the checkout's ./data.
    env: { DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "zhiping-vitest-")), ZHIPING_TEST_RUN: process.env.ZHIPING_TEST_RUN },
  },
});
