import type { z } from "zod";
import { isMessageKey, type MessageKey } from "~/features/i18n";

/** Form field → the message key of what is wrong with it (the page translates it for its reader). */
export type FieldErrors = Record<string, MessageKey>;

/** Validates form data with zod; field errors are keyed by field name, first message each. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, formData: FormData): { data: z.infer<T>; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (parsed.success) return { data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    // Schemas name their problems by message key; zod's own English defaults become a generic message.
    errors[key] ??= isMessageKey(issue.message) ? issue.message : "invalidField";
  }
  return { errors };
}

/** Copies better-auth's Set-Cookie headers onto our own response headers. */
export function forwardCookies(from: Response, headers = new Headers()): Headers {
  for (const cookie of from.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return headers;
}
