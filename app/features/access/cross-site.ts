/** Methods that change nothing; every other one must come from the app's own pages. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface RequestOrigin {
  method: string;
  /** The Origin header, if the client sent one (browsers do on every cross-origin request and every POST). */
  origin: string | null | undefined;
  /** The Sec-Fetch-Site header: "same-origin", "same-site", "cross-site" or "none". */
  secFetchSite: string | null | undefined;
  /** Where the app is served: PUBLIC_URL's origin when configured, else the origin the request was addressed to. */
  appOrigin: string;
}

/**
 * The one cross-site request check, for every request before any route, library endpoint or
 * resource route sees it: a state-changing request must come from the app's own origin. A
 * same-site page (another port or subdomain) is a different origin and is refused too. A request
 * with neither header comes from no browser page (scripts, the CLI), which cannot ride a session.
 */
export function isCrossSite({ method, origin, secFetchSite, appOrigin }: RequestOrigin): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (origin) return origin !== appOrigin;
  if (secFetchSite) return secFetchSite !== "same-origin" && secFetchSite !== "none";
  return false;
}
