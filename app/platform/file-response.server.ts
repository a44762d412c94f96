import type { ReportLocale } from "../../reports/types";
import { type SessionUser } from "../features/accounts/index.server";

/** A file download; the name may be Chinese (RFC 6266/5987 filename*). */
export function fileResponse(bytes: Uint8Array, fileName: string, contentType: string): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** `?lang=zh|en` when given, else the user's interface language. */
export function reportLocale(request: Request, user: SessionUser): ReportLocale {
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang === "zh" || lang === "en") return lang;
  return user.locale === "en" ? "en" : "zh";
}
