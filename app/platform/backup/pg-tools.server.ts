import { spawn } from "node:child_process";
import { BackupError } from "./archive";

/**
 * Runs pg_dump or pg_restore against a server. The password travels in PGPASSWORD, never on the
 * command line where any local user could read it from the process list.
 */
export async function runPgTool(tool: "pg_dump" | "pg_restore", connectionString: string, args: string[]): Promise<void> {
  const url = new URL(connectionString);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${url.toString()}`], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new BackupError(`${tool} is not installed. Install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client), then run this again.`)
          : error,
      ),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`))));
  });
}
