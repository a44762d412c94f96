import { createHash } from "node:crypto";

/** Why a cursor is refused, for the 400 the client reads. */
export class CursorError extends Error {}

interface CursorState {
  /** Rows already returned. */
  o: number;
  /** The standing the pages are cut from. */
  s: string;
  /** The query (without cursor) the pages answer. */
  q: string;
}

const fingerprint = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 16);

/** The query as a canonical string, without the cursor: what a cursor is bound to. */
export function queryFingerprint(params: URLSearchParams): string {
  const kept = [...params].filter(([key]) => key !== "cursor").sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  return fingerprint(new URLSearchParams(kept).toString());
}

/**
 * One page of rows. The cursor is opaque to clients and bound to the standing and the query, so a
 * page is never silently cut from a different ranking than the one before it.
 */
export function pageOf<T>(rows: readonly T[], options: { limit: number; cursor?: string; standing: string; query: string }): { rows: T[]; nextCursor: string | null } {
  let offset = 0;
  if (options.cursor) {
    let state: CursorState;
    try {
      state = JSON.parse(Buffer.from(options.cursor, "base64url").toString("utf8")) as CursorState;
    } catch {
      throw new CursorError("cursor: not a cursor this API gave; use page.nextCursor of the previous page");
    }
    if (!Number.isInteger(state?.o) || state.o < 0 || typeof state.s !== "string" || typeof state.q !== "string")
      throw new CursorError("cursor: not a cursor this API gave; use page.nextCursor of the previous page");
    if (state.s !== fingerprint(options.standing)) throw new CursorError("cursor: the ranking changed since this cursor was given; start again without a cursor");
    if (state.q !== options.query) throw new CursorError("cursor: it was given for a different query; keep the other parameters as they were");
    offset = state.o;
  }
  const end = offset + options.limit;
  const next: CursorState = { o: end, s: fingerprint(options.standing), q: options.query };
  return { rows: rows.slice(offset, end), nextCursor: end < rows.length ? Buffer.from(JSON.stringify(next)).toString("base64url") : null };
}

/** A weak validator of a JSON body: the same body, the same ETag. */
export const etagOf = (body: string) => `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

/** Whether an If-None-Match header names this ETag (or is `*`). */
export function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || strip(tag) === strip(etag));
}
