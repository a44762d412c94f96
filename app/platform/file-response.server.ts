import { Readable } from "node:stream";
import type { ReportLocale } from "../../reports/types";
import { type SessionUser } from "../features/accounts/index.server";

function downloadHeaders(fileName: string, contentType: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, no-store",
  };
}

/** A file download; the name may be Chinese (RFC 6266/5987 filename*). */
export function fileResponse(bytes: Uint8Array, fileName: string, contentType: string): Response {
  return new Response(bytes as unknown as BodyInit, { headers: { ...downloadHeaders(fileName, contentType), "Content-Length": String(bytes.byteLength) } });
}

/** A download sent as it is read (a file too large to hold in memory). */
export function streamedFileResponse(body: Readable, fileName: string, contentType: string): Response {
  return new Response(Readable.toWeb(body) as ReadableStream, { headers: downloadHeaders(fileName, contentType) });
}

/** `?lang=zh|en` when given, else the user's interface language. */
export function reportLocale(request: Request, user: SessionUser): ReportLocale {
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang === "zh" || lang === "en") return lang;
  return user.locale === "en" ? "en" : "zh";
}
