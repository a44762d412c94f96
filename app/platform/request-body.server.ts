import { problem, ProblemError, refusal, type Locale, type Problem } from "../features/i18n";
import { formatBytes } from "../ui/format-bytes";

/** A form without files (settings, campaigns, members, tokens); the submission page allows more, for every narrative full. */
export const FORM_MAX_BYTES = 1024 * 1024;
/** A form of a few short fields (sign-in, language, invitation). */
export const SMALL_FORM_MAX_BYTES = 16 * 1024;
/** Room a multipart body needs beyond its file for boundaries, part headers and the other fields. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The request's body, read no further than `maxBytes`: a declared Content-Length over the limit is
 * refused before a byte is read, and a chunked body is cut off as soon as it passes the limit. Call
 * it only after the access check, so that nobody without access makes the server read anything.
 */
async function readBoundedBody(request: Request, maxBytes: number, overLimit: Problem): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new ProblemError(overLimit, 413);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new ProblemError(problem("p_bodyMalformed"), 400);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/**
 * A form (URL-encoded or multipart) read within a limit and parsed; a body over the limit is a 413
 * problem and a malformed one (a truncated multipart body, a wrong content type) a 400 problem,
 * never a server error. Every action reads its form here, after its access check.
 */
export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES, overLimit = problem("p_bodyTooLarge", { limit: formatBytes(maxBytes) })): Promise<FormData> {
  const body = await readBoundedBody(request, maxBytes, overLimit);
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    if (body.byteLength === 0) return new FormData();
    throw new ProblemError(problem("p_bodyMalformed"), 400);
  }
  let form: FormData;
  try {
    form = await new Request("http://form.invalid/", { method: "POST", headers: { "content-type": contentType }, body }).formData();
  } catch {
    throw new ProblemError(problem("p_bodyMalformed"), 400);
  }
  // No field of ours ever holds a NUL; PostgreSQL refuses one in text, so it must not reach a query.
  for (const [name, value] of form) if (name.includes("\0") || (typeof value === "string" ? value : value.name).includes("\0")) throw new ProblemError(problem("p_bodyMalformed"), 400);
  return form;
}

/** A multipart form whose files are each at most `maxFileBytes`; over it, `overLimit` (413). */
export async function readUploadForm(request: Request, maxFileBytes: number, overLimit: Problem): Promise<FormData> {
  const form = await readForm(request, maxFileBytes + MULTIPART_OVERHEAD_BYTES, overLimit);
  for (const value of form.values()) if (typeof value !== "string" && value.size > maxFileBytes) throw new ProblemError(overLimit, 413);
  return form;
}

/** A form field as text; a file where text was expected counts as missing. */
export const formText = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * `readForm` for a page's action: a refused body becomes the action's 4xx response, in the
 * reader's language, instead of a server error.
 */
export async function pageForm(request: Request, locale: Locale, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  try {
    return await readForm(request, maxBytes);
  } catch (error) {
    if (error instanceof ProblemError) throw refusal(locale, error.status, error.problem);
    throw error;
  }
}
