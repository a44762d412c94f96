import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { parseEnv } from "../../app/platform/env.server";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryStorage, s3Storage, storageFromEnvironment, storagePlacement, type ObjectStorage } from "../../app/platform/storage.server";
import { S3_BUCKET, S3_ENDPOINT, s3Api } from "../mocks/s3-api";

const s3 = s3Api();
beforeAll(() => s3.server.listen({ onUnhandledRequest: "error" }));
afterAll(() => s3.server.close());

const backends: [string, () => ObjectStorage][] = [
  ["a directory under DATA_DIR", () => directoryStorage(mkdtempSync(join(tmpdir(), "zhiping-storage-")))],
  ["an S3-compatible bucket", () => s3Storage({ bucket: S3_BUCKET, endpoint: S3_ENDPOINT, region: "cn-north-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" })],
];

describe.each(backends)("object storage in %s", (_, make) => {
  it("lists every whole object's key, across pages of a long listing", async () => {
    s3.listInPagesOf(2);
    try {
      const storage = make();
      const keys = ["evidence/c1/s1/a", "evidence/c1/s2/b", "reports/batch-1.zip", "evidence/c2/s9/c", "x"];
      for (const key of keys) await storage.put(key, new Uint8Array([1, 2]), "application/octet-stream");
      const listed: string[] = [];
      for await (const key of storage.list()) listed.push(key);
      expect(listed.filter((k) => keys.includes(k)).sort()).toEqual([...keys].sort());
      expect(listed.every((k) => !k.endsWith(".partial"))).toBe(true);
    } finally {
      s3.listInPagesOf(1000);
    }
  });

  it("returns exactly the bytes stored under a key, and null for a missing key", async () => {
    const storage = make();
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0, 255, 10]);
    await storage.put("evidence/c1/s1/abc", bytes, "application/pdf");
    expect(new Uint8Array((await storage.get("evidence/c1/s1/abc"))!)).toEqual(bytes);
    expect(await storage.get("evidence/c1/s1/missing")).toBeNull();
  });

  it("stores a body as it is read and gives it back as it is read; an interrupted body stores nothing", async () => {
    const storage = make();
    // 10 MB: two parts of a multipart upload on S3.
    const chunks = Array.from({ length: 10 }, () => randomBytes(1 << 20));
    await storage.putStream("reports/batch-big.zip", Readable.from(chunks), "application/zip");
    const back = Buffer.concat(await (await storage.getStream("reports/batch-big.zip"))!.toArray());
    expect(back.equals(Buffer.concat(chunks))).toBe(true);
    expect(await storage.getStream("reports/missing.zip")).toBeNull();

    async function* cut() {
      for (let k = 0; k < 9; k++) yield randomBytes(1 << 20);
      throw new Error("the batch failed part-way");
    }
    await expect(storage.putStream("reports/batch-cut.zip", Readable.from(cut()), "application/zip")).rejects.toThrow("the batch failed part-way");
    expect(await storage.get("reports/batch-cut.zip")).toBeNull();
    const listed: string[] = [];
    for await (const key of storage.list()) listed.push(key);
    expect(listed.filter((k) => k.includes("batch-cut"))).toEqual([]);
    expect(s3.uploadsInProgress()).toBe(0);
  });

  it("refuses keys that could escape the storage root", async () => {
    const storage = make();
    await expect(storage.put("../etc/passwd", new Uint8Array([1]), "text/plain")).rejects.toThrow(/invalid storage key/);
    await expect(storage.get("evidence/../../x")).rejects.toThrow(/invalid storage key/);
  });
});

describe("S3 storage", () => {
  it("signs its requests, sends the content's SHA-256 for the service to check and the detected content type", async () => {
    const storage = s3Storage({ bucket: S3_BUCKET, endpoint: S3_ENDPOINT, region: "cn-north-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" });
    await storage.put("reports/r1.zip", new TextEncoder().encode("zip bytes"), "application/zip");
    expect(s3.objects.get("reports/r1.zip")!.contentType).toBe("application/zip");
    expect(s3.requests.filter((r) => r.key === "reports/r1.zip").every((r) => r.signed)).toBe(true);
  });

  it("is chosen by S3_BUCKET; without it files go to DATA_DIR/objects", async () => {
    const viaEnv = storageFromEnvironment(parseEnv({ S3_BUCKET, S3_ENDPOINT, S3_REGION: "cn-north-1", S3_ACCESS_KEY_ID: "AKIDEXAMPLE", S3_SECRET_ACCESS_KEY: "secret" }));
    await viaEnv.put("evidence/env/one", new Uint8Array([7]), "application/octet-stream");
    expect(s3.objects.has("evidence/env/one")).toBe(true);
    const dataDir = mkdtempSync(join(tmpdir(), "zhiping-storage-env-"));
    await storageFromEnvironment(parseEnv({ DATA_DIR: dataDir })).put("evidence/env/two", new Uint8Array([8]), "application/octet-stream");
    expect(readdirSync(join(dataDir, "objects", "evidence", "env"))).toEqual(["two"]);
    expect(s3.objects.has("evidence/env/two")).toBe(false);
  });

  it("reports a failing service instead of pretending the file was stored", async () => {
    const storage = s3Storage({ bucket: S3_BUCKET, endpoint: S3_ENDPOINT, region: "cn-north-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" });
    await storage.put("evidence/x/kept", new Uint8Array([1]), "text/plain");
    s3.fail(503);
    try {
      await expect(storage.put("evidence/x/y", new Uint8Array([1]), "text/plain")).rejects.toThrow();
      await expect(storage.get("evidence/x/kept")).rejects.toThrow();
    } finally {
      s3.fail(null);
    }
    expect(s3.objects.has("evidence/x/y")).toBe(false);
  });
});

describe("the directory storage survives double clicks and crashes", () => {
  it("eight simultaneous writes of one object all succeed, leave one whole object and no temporary file", async () => {
    const root = mkdtempSync(join(tmpdir(), "zhiping-storage-"));
    const storage = directoryStorage(root);
    const bytes = new Uint8Array(256 * 1024).map((_, i) => i % 251);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => storage.put("evidence/c1/s1/same", bytes, "application/pdf")));
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill("fulfilled"));
    expect(new Uint8Array((await storage.get("evidence/c1/s1/same"))!)).toEqual(bytes);
    expect(readdirSync(join(root, "evidence/c1/s1"))).toEqual(["same"]);
  });

  it("removes at start the partial files an interrupted write left, but not one being written now", async () => {
    const root = mkdtempSync(join(tmpdir(), "zhiping-storage-"));
    const dir = join(root, "evidence/c1/s1");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "abc.1.partial"), "half a fi");
    const hourAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(join(dir, "abc.1.partial"), hourAgo, hourAgo);
    writeFileSync(join(dir, "abc.2.partial"), "being written");
    writeFileSync(join(dir, "kept"), "a whole object");
    expect(await directoryStorage(root).removeLeftovers()).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["abc.2.partial", "kept"]);
  });
});

describe("where evidence may live", () => {
  it("local files with a shared PostgreSQL server: a loud warning, refused in production unless explicitly allowed", () => {
    expect(storagePlacement(parseEnv({}), "pglite")).toBeNull();
    expect(storagePlacement(parseEnv({ NODE_ENV: "production", S3_BUCKET: "evidence" }), "postgres")).toBeNull();
    const trying = storagePlacement(parseEnv({ NODE_ENV: "development", DATA_DIR: "/srv/zhiping" }), "postgres");
    expect(trying).toMatchObject({ refuse: false });
    expect(trying!.warning).toContain("/srv/zhiping/objects");
    expect(trying!.warning).toContain("S3_BUCKET");
    const production = storagePlacement(parseEnv({ NODE_ENV: "production" }), "postgres");
    expect(production).toMatchObject({ refuse: true });
    expect(production!.warning).toContain("ALLOW_LOCAL_STORAGE=true");
    expect(storagePlacement(parseEnv({ NODE_ENV: "production", ALLOW_LOCAL_STORAGE: "true" }), "postgres")).toMatchObject({ refuse: false });
  });
});
