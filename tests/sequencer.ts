import { statSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Browser files take the longest (a server and Chromium each), so each worker starts one early and
 * alternates them with the rest: on a clean clone (CI, no timing cache) Vitest's default order is
 * by file size, which left the longest browser file to start last on one worker while the other
 * sat idle.
 */
export class BrowserFilesEarlySequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const isBrowser = (f: TestSpecification) => f.moduleId.includes("/tests/e2e/");
    const cached = (f: TestSpecification) => this.ctx.cache.getFileTestResults(`${f.project.name}:${f.moduleId.slice(this.ctx.config.root.length + 1)}`)?.duration;
    // Longest first: by the last run's time where known, else by the number of journeys a file holds (its size).
    const weight = (f: TestSpecification) => cached(f) ?? statSync(f.moduleId).size;
    const browser = ordered.filter(isBrowser).sort((a, b) => weight(b) - weight(a));
    const rest = ordered.filter((f) => !isBrowser(f));
    const interleaved: TestSpecification[] = [];
    while (browser.length || rest.length) {
      if (browser.length) interleaved.push(browser.shift()!);
      if (rest.length) interleaved.push(rest.shift()!);
    }
    return interleaved;
  }
}
