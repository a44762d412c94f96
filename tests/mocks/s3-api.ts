import { createHash } from "node:crypto";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const S3_ENDPOINT = "https://s3.example.test";
export const S3_BUCKET = "zhiping-evidence";

const notFound = (key: string) =>
  new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`, {
    status: 404,
    headers: { "Content-Type": "application/xml" },
  });

/**
 * A stand-in for an S3-compatible object store's HTTP API (path-style PutObject, GetObject and
 * multipart uploads):
 * keeps objects in memory, refuses unsigned requests and uploads whose x-amz-checksum-sha256 does
 * not match the body, as S3 does.
 */
export function s3Api() {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string | null }>();
  const requests: { method: string; key: string; signed: boolean }[] = [];
  let failWith: number | null = null;
  let listPageSize = 1000;
  const unavailable = () => new HttpResponse("<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>", { status: failWith!, headers: { "Content-Type": "application/xml" } });
  const keyOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(`/${S3_BUCKET}/`.length));
  const signed = (request: Request) => (request.headers.get("authorization") ?? "").startsWith("AWS4-HMAC-SHA256 Credential=");
  // ListObjectsV2, path-style, in pages of `max-keys` (S3's default 1000).
  const listing = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    requests.push({ method: "LIST", key: "", signed: signed(request) });
    if (!signed(request)) return new HttpResponse("<Error><Code>AccessDenied</Code></Error>", { status: 403 });
    const keys = [...objects.keys()].sort();
    const after = url.searchParams.get("continuation-token");
    const from = after ? keys.indexOf(after) + 1 : 0;
    const pageSize = Number(url.searchParams.get("max-keys") ?? listPageSize);
    const page = keys.slice(from, from + pageSize);
    const truncated = from + pageSize < keys.length;
    const contents = page.map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(k)!.bytes.length}</Size></Contents>`).join("");
    return new HttpResponse(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${S3_BUCKET}</Name><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : ""}${contents}</ListBucketResult>`,
      { status: 200, headers: { "Content-Type": "application/xml" } },
    );
  };
  // Multipart uploads in progress: their content type and parts by number.
  const uploads = new Map<string, { key: string; contentType: string | null; parts: Map<number, Uint8Array> }>();
  const xml = (body: string) => new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>${body}`, { status: 200, headers: { "Content-Type": "application/xml" } });
  const server = setupServer(
    http.get(`${S3_ENDPOINT}/${S3_BUCKET}`, listing),
    http.put(`${S3_ENDPOINT}/${S3_BUCKET}/*`, async ({ request }) => {
      const key = keyOf(request.url);
      const url = new URL(request.url);
      const upload = url.searchParams.get("uploadId");
      requests.push({ method: upload ? "PART" : "PUT", key, signed: signed(request) });
      if (!signed(request)) return new HttpResponse("<Error><Code>AccessDenied</Code></Error>", { status: 403 });
      if (failWith) return unavailable();
      const bytes = new Uint8Array(await request.arrayBuffer());
      const claimed = request.headers.get("x-amz-checksum-sha256");
      if (claimed !== createHash("sha256").update(bytes).digest("base64"))
        return new HttpResponse("<Error><Code>BadDigest</Code></Error>", { status: 400, headers: { "Content-Type": "application/xml" } });
      const etag = `"${createHash("md5").update(bytes).digest("hex")}"`;
      if (upload) {
        const pending = uploads.get(upload);
        if (!pending) return new HttpResponse("<Error><Code>NoSuchUpload</Code></Error>", { status: 404, headers: { "Content-Type": "application/xml" } });
        pending.parts.set(Number(url.searchParams.get("partNumber")), bytes);
        return new HttpResponse(null, { status: 200, headers: { ETag: etag, "x-amz-checksum-sha256": claimed } });
      }
      objects.set(key, { bytes, contentType: request.headers.get("content-type") });
      return new HttpResponse(null, { status: 200, headers: { ETag: etag } });
    }),
    // CreateMultipartUpload (?uploads) and CompleteMultipartUpload (?uploadId=…).
    http.post(`${S3_ENDPOINT}/${S3_BUCKET}/*`, ({ request }) => {
      const key = keyOf(request.url);
      const url = new URL(request.url);
      requests.push({ method: "POST", key, signed: signed(request) });
      if (!signed(request)) return new HttpResponse("<Error><Code>AccessDenied</Code></Error>", { status: 403 });
      if (failWith) return unavailable();
      if (url.searchParams.has("uploads")) {
        const id = `upload-${uploads.size + 1}-${Date.now()}`;
        uploads.set(id, { key, contentType: request.headers.get("content-type"), parts: new Map() });
        return xml(`<InitiateMultipartUploadResult><Bucket>${S3_BUCKET}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      const pending = uploads.get(url.searchParams.get("uploadId") ?? "");
      if (!pending) return new HttpResponse("<Error><Code>NoSuchUpload</Code></Error>", { status: 404, headers: { "Content-Type": "application/xml" } });
      const parts = [...pending.parts.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes);
      objects.set(key, { bytes: new Uint8Array(Buffer.concat(parts)), contentType: pending.contentType });
      uploads.delete(url.searchParams.get("uploadId")!);
      return xml(`<CompleteMultipartUploadResult><Bucket>${S3_BUCKET}</Bucket><Key>${key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`);
    }),
    // AbortMultipartUpload: its parts are dropped.
    http.delete(`${S3_ENDPOINT}/${S3_BUCKET}/*`, ({ request }) => {
      requests.push({ method: "ABORT", key: keyOf(request.url), signed: signed(request) });
      uploads.delete(new URL(request.url).searchParams.get("uploadId") ?? "");
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`${S3_ENDPOINT}/${S3_BUCKET}/*`, ({ request }) => {
      const key = keyOf(request.url);
      if (!key && new URL(request.url).searchParams.get("list-type") === "2") return listing({ request });
      requests.push({ method: "GET", key, signed: signed(request) });
      if (!signed(request)) return new HttpResponse("<Error><Code>AccessDenied</Code></Error>", { status: 403 });
      if (failWith) return unavailable();
      const object = objects.get(key);
      if (!object) return notFound(key);
      return new HttpResponse(object.bytes, { status: 200, headers: { "Content-Type": object.contentType ?? "application/octet-stream", "Content-Length": String(object.bytes.length) } });
    }),
  );
  return {
    server,
    objects,
    requests,
    /** Multipart uploads neither completed nor aborted. */
    uploadsInProgress: () => uploads.size,
    /** Lists in pages of this many keys (to exercise continuation). */
    listInPagesOf(size: number) {
      listPageSize = size;
    },
    /** Every request fails with this HTTP status until called with null. */
    fail(status: number | null) {
      failWith = status;
    },
  };
}
