import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Validates form data with zod; field errors are keyed by field name, first message each. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, formData: FormData): { data: z.infer<T>; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (parsed.success) return { data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { errors };
}

/** Copies better-auth's Set-Cookie headers onto our own response headers. */
export function forwardCookies(from: Response, headers = new Headers()): Headers {
  for (const cookie of from.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return headers;
}
