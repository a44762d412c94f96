import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { dirname, join, relative, resolve, sep } from "node:path";
import { getEnv, type Env } from "./env.server";
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/**
 * Where the platform keeps files (evidence, report ZIPs): one small interface so that several app
 * instances can share an S3-compatible bucket while a single instance uses a directory under
 * DATA_DIR, outside the web root.
 */
export interface ObjectStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Stores a body too large to hold in memory (a batch's ZIP of every town's report) as it is read: a whole object or none. */
  putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** The object's bytes as they are read, or null when there is no such object. */
  getStream(key: string): Promise<Readable | null>;
  /** Removes what interrupted writes left behind (at start); returns how many were removed. */
  removeLeftovers(): Promise<number>;
  /** Every whole object's key (for backups), in no particular order. */
  list(): AsyncIterable<string>;
}

const PARTIAL = ".partial";
/** A partial file older than this belongs to no write still running. */
const LEFTOVER_AGE_MS = 60 * 60_000;

/** Flushes a directory's entries, so that a rename in it survives a power cut. */
async function syncDirectory(path: string) {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function checkKey(key: string) {
  if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key "${key}"`);
}

/**
 * Writes an object through its own temporary file (two uploads of one file at once both succeed),
 * made durable before it takes the final name: a crash leaves a whole object or none, never half.
 */
async function writeWhole(path: string, write: (handle: FileHandle) => Promise<void>) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}${PARTIAL}`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

export function directoryStorage(root: string): ObjectStorage {
  const pathOf = (key: string) => {
    checkKey(key);
    return join(root, key);
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      // Keys are derived from the content, so an object that is already there with these bytes is this write done.
      if ((await readIfExists(path))?.equals(bytes)) return;
      await writeWhole(path, (handle) => handle.writeFile(bytes));
    },
    async get(key) {
      return readIfExists(pathOf(key));
    },
    async putStream(key, body) {
      await writeWhole(pathOf(key), async (handle) => {
        for await (const chunk of body) await handle.write(chunk as Uint8Array);
      });
    },
    async getStream(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      return createReadStream(path);
    },
    async removeLeftovers() {
      let removed = 0;
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith(PARTIAL)) continue;
        const path = join(entry.parentPath, entry.name);
        if (Date.now() - (await stat(path)).mtimeMs < LEFTOVER_AGE_MS) continue;
        await rm(path, { force: true });
        removed++;
      }
      return removed;
    },
    async *list() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile() || entry.name.endsWith(PARTIAL)) continue;
        yield relative(root, join(entry.parentPath, entry.name)).split(sep).join("/");
      }
    },
  };
}

export interface S3StorageOptions {
  bucket: string;
  /** For S3-compatible services (MinIO, OSS, COS…); unset for AWS. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name; most S3-compatible services want it. */
  forcePathStyle?: boolean;
}

/** An S3-compatible bucket, with the official client; the service checks each upload's SHA-256. */
export function s3Storage(options: S3StorageOptions): ObjectStorage {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? !!options.endpoint,
    credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
    // The SHA-256 below is the integrity check; default CRC trailers trip some S3-compatible services.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    async put(key, bytes, contentType) {
      checkKey(key);
      const checksum = createHash("sha256").update(bytes).digest("base64");
      await client.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: bytes, ContentType: contentType, ChecksumSHA256: checksum }));
    },
    async get(key) {
      checkKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
        return Buffer.from(await response.Body!.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
    async putStream(key, body, contentType) {
      checkKey(key);
      // The SDK's own multipart upload, in parts of 8 MB each with its SHA-256 for the service to check.
      await new Upload({ client, params: { Bucket: options.bucket, Key: key, Body: body, ContentType: contentType, ChecksumAlgorithm: "SHA256" }, partSize: 8 * 1024 * 1024, queueSize: 2 }).done();
    },
    async getStream(key) {
      checkKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
        return response.Body as Readable;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
    // An S3 PUT is atomic, and an unfinished multipart upload is no object (the SDK aborts a failed one;
    // the parts of one whose process died are the bucket's lifecycle rule to expire).
    removeLeftovers: async () => 0,
    async *list() {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: options.bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

/** S3 when S3_BUCKET is set (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), else DATA_DIR/objects. */
export function storageFromEnvironment(env: Env = getEnv()): ObjectStorage {
  if (env.S3_BUCKET)
    return s3Storage({
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  return directoryStorage(resolve(env.DATA_DIR, "objects"));
}

const globalForStorage = globalThis as unknown as { __zhipingStorage?: ObjectStorage };

/** For tests: use this storage instead of the one the environment configures. */
export function setStorage(storage: ObjectStorage) {
  globalForStorage.__zhipingStorage = storage;
}

export function getStorage(): ObjectStorage {
  globalForStorage.__zhipingStorage ??= storageFromEnvironment();
  return globalForStorage.__zhipingStorage;
}

/**
 * Files on this machine's disk while the database is a server other instances share: each instance
 * would list every evidence row and fail the downloads whose file another one wrote. A warning for
 * a single instance trying things out; refused in production unless ALLOW_LOCAL_STORAGE=true says
 * that this one instance is all there will ever be.
 */
export function storagePlacement(env: Env, driver: "pglite" | "postgres"): { refuse: boolean; warning: string } | null {
  if (env.S3_BUCKET || driver !== "postgres") return null;
  const where = resolve(env.DATA_DIR, "objects");
  const refuse = env.NODE_ENV === "production" && !env.ALLOW_LOCAL_STORAGE;
  return {
    refuse,
    warning:
      `Evidence files are kept on this machine's disk (${where}) while the database is a PostgreSQL server: ` +
      "a second instance would list every file and fail to serve the ones this one wrote. Set S3_BUCKET (and S3_ENDPOINT, S3_ACCESS_KEY_ID, " +
      "S3_SECRET_ACCESS_KEY) for shared storage" +
      (refuse ? ", or ALLOW_LOCAL_STORAGE=true if this single instance is all there will be." : "."),
  };
}
