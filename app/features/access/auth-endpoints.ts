/**
 * The only better-auth HTTP endpoints the outside world may call. Everything else better-auth and
 * its organization plugin serve (sign-up, organization and member updates, role changes,
 * invitations, user updates…) would bypass `decide` and the audit trail, so it answers 404: the
 * app reaches those operations only through its own actions, which check access first and call
 * better-auth's server API. A plugin endpoint added by an upgrade is closed until listed here.
 */
export const PUBLIC_AUTH_ENDPOINTS: Readonly<Record<string, "GET" | "POST">> = {
  "/get-session": "GET",
  "/sign-in/email": "POST",
  "/sign-out": "POST",
};

const AUTH_PREFIX = "/api/auth";

/** Whether a request to better-auth's handler may pass: a listed path with its method. */
export function isPublicAuthEndpoint(method: string, pathname: string): boolean {
  if (!pathname.startsWith(`${AUTH_PREFIX}/`)) return false;
  const path = pathname.slice(AUTH_PREFIX.length).replace(/\/+$/, "");
  return PUBLIC_AUTH_ENDPOINTS[path] === method.toUpperCase();
}
