import { readFileSync, rmSync, writeFileSync } from "node:fs";

interface Holder {
  pid: number;
  /** Which process this PID was (boot and start time): a PID reused after a crash is someone else. */
  identity?: string | null;
  command: string;
  startedAt: string;
}

/** The kernel's boot id and the process's start time (in clock ticks since boot); null where /proc is not Linux's. */
export function processIdentity(pid: number): string | null {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces and parentheses) start after its last ')'.
    const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return startTime ? `${boot}:${startTime}` : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The holder still runs: its PID is alive and, where the system tells, is the same process that took the lock. */
function holderRuns(holder: Holder): boolean {
  if (!alive(holder.pid)) return false;
  if (!holder.identity) return true;
  const now = processIdentity(holder.pid);
  return now === null || now === holder.identity;
}

/**
 * PGlite serves one process per data directory; a second one would corrupt it. The lock file
 * names its holder so that the second process can say who to stop. A lock left by a dead process
 * is taken over, and so is one whose PID has since been given to another process.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = `${dataDir}/zhiping.lock`;
  const me: Holder = { pid: process.pid, identity: processIdentity(process.pid), command: process.argv.slice(1).join(" "), startedAt: new Date().toISOString() };
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
      if (holder && holderRuns(holder) && holder.pid !== process.pid)
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}). ` +
            `PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
        );
      rmSync(path, { force: true }); // stale: its holder is gone, or its PID now belongs to another process
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
