import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { getEnv, type Env } from "./env.server";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * Where the platform keeps files (evidence, report ZIPs): one small interface so that several app
 * instances can share an S3-compatible bucket while a single instance uses a directory under
 * DATA_DIR, outside the web root.
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
