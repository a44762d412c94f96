import type { RequestHandler } from "express";
import { CLIENT_ADDRESS_HEADER, isCrossSite } from "../features/access/index.server";
import { localeFromCookie, problem, problemText, refusalHeaders, type Problem } from "../features/i18n/index.server";
import { formatBytes } from "../ui/format-bytes";

/** Answers a refusal before any route runs, in the language of the reader's cookie. */
function refuse(res: Parameters<RequestHandler>[1], cookie: string | undefined, status: number, p: Problem) {
  const locale = localeFromCookie(cookie);
  res.status(status).set(refusalHeaders(locale, p)).send(problemText(locale, p));
}

/**
 * What no route should have to handle: an address with a NUL or broken percent-encoding (it would
 * reach a query as text PostgreSQL refuses), and a body declared larger than the largest upload.
 * Each is a 4xx with a reason instead of a server error deep inside.
 */
export function rejectMalformedRequests(options: { maxBodyBytes: number }): RequestHandler {
  return (req, res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.originalUrl.replace(/\+/g, " "));
    } catch {
      return refuse(res, req.get("cookie"), 400, problem("p_badAddress"));
    }
    if (path.includes("\0")) return refuse(res, req.get("cookie"), 400, problem("p_badAddress"));
    const declared = Number(req.get("content-length") ?? NaN);
    if (declared > options.maxBodyBytes) return refuse(res, req.get("cookie"), 413, problem("p_bodyTooLarge", { limit: formatBytes(options.maxBodyBytes) }));
    next();
  };
}

/**
 * One check for every state-changing request (pages, data requests, resource routes, better-auth's
 * endpoints): it must come from the app's own origin.
 */
export function refuseCrossSite(configuredOrigin: string | null): RequestHandler {
  return (req, res, next) => {
    const appOrigin = configuredOrigin ?? `${req.protocol}://${req.get("host")}`;
    if (!isCrossSite({ method: req.method, origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site"), appOrigin })) return next();
    refuse(res, req.get("cookie"), 403, problem("p_crossSite", { origin: appOrigin }));
  };
}

/** The client's address, derived once (socket + TRUST_PROXY), replaces any value a client sent under our header. */
export const carryClientAddress: RequestHandler = (req, _res, next) => {
  // An IPv4 client on a dual-stack socket reads "::ffff:1.2.3.4"; limiters key (and validate) the plain form.
  req.headers[CLIENT_ADDRESS_HEADER] = (req.ip ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  next();
};
