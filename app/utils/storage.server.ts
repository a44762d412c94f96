import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * Where the platform keeps files (report ZIPs now; evidence files next): one small interface so
 * that several app instances can share an S3-compatible bucket while a single instance uses a
 * directory under DATA_DIR, outside the web root.
 */
export interface ObjectStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function checkKey(key: string) {
  if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key "${key}"`);
}

export function directoryStorage(root: string): ObjectStorage {
  const pathOf = (key: string) => {
    checkKey(key);
    return join(root, key);
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename: a reader never sees half a file.
      await writeFile(`${path}.partial`, bytes);
      await rename(`${path}.partial`, path);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}

const globalForStorage = globalThis as unknown as { __zhipingStorage?: ObjectStorage };

export function getStorage(): ObjectStorage {
  globalForStorage.__zhipingStorage ??= directoryStorage(resolve(process.env.DATA_DIR ?? "./data", "objects"));
  return globalForStorage.__zhipingStorage;
}
