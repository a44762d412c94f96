import { readFileSync, rmSync, writeFileSync } from "node:fs";

interface Holder {
  pid: number;
  command: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite serves one process per data directory; a second one would corrupt it. The lock file
 * names its holder so that the second process can say who to stop. A lock left by a dead process
 * is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = `${dataDir}/zhiping.lock`;
  const me: Holder = { pid: process.pid, command: process.argv.slice(1).join(" "), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          const holder = JSON.parse(readFileSync(path, "utf8")) as Holder;
          if (holder.pid === process.pid) rmSync(path, { force: true });
        } catch {
          /* already gone */
        }
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(readFileSync(path, "utf8")) as Holder;
      } catch {
        holder = undefined;
      }
      if (holder && alive(holder.pid) && holder.pid !== process.pid)
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}). ` +
            `PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
        );
      rmSync(path, { force: true }); // stale: its holder is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
