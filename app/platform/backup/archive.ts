import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** What a backup holds, written last into it and checked first when it is restored. */
export interface BackupManifest {
  format: "zhiping-backup";
  formatVersion: 1;
  createdAt: string;
  driver: "pglite" | "postgres";
  /** The newest migration the database had (drizzle-kit's tag): a restore needs code at least this new. */
  migration: string;
  database: ArchivedFile;
  objects: (ArchivedFile & { key: string })[];
}

export interface ArchivedFile {
  /** Path inside the archive. */
  path: string;
  bytes: number;
  sha256: string;
}

export const MANIFEST = "manifest.json";
export const DATABASE_FILE = { pglite: "database/pglite-datadir.tar", postgres: "database/postgres.pgdump" } as const;
export const OBJECTS_DIR = "objects";
/** Storage keys that are not data (the readiness probe writes one every few seconds). */
export const SKIPPED_KEYS = /^health\//;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}


/** A problem with a backup or its target, worded for the operator; nothing has been changed when it is thrown. */
export class BackupError extends Error {
  name = "BackupError";
}
