import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { getLogger } from "../platform/observability/logger.server";
import { getMetrics } from "../platform/observability/metrics.server";
import { requestContexts, type RequestContext } from "../platform/observability/request-context.server";

/** A request id a proxy or client may pass on; anything else is replaced by our own. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Routes whose address carries a secret (an invitation's id, a password-reset token): logged by route only. */
const SECRET_IN_PATH = new Set(["routes/invitations.$id", "routes/api.auth.$"]);
/** The public survey's answers are anonymous: its requests are logged without the client's address, which could be matched to an answer's time. */
const ANONYMOUS_ROUTES = new Set(["routes/s.$slug.$code"]);

export interface ObserveOptions {
  /** The route that answers a path (see route-label.ts). */
  routeOf: (pathname: string) => string;
  logger?: Logger;
}

/**
 * Every request: an id (returned as X-Request-Id and on every log line written while it runs),
 * one structured log line when it ends (route, status, duration, who asked), and the request
 * counters and latency histogram. Nothing from bodies, cookies or query strings is logged.
 */
export function observeRequests({ routeOf, logger = getLogger() }: ObserveOptions): RequestHandler {
  const metrics = getMetrics();
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.get("x-request-id");
    const context: RequestContext = { requestId: offered && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID() };
    res.setHeader("X-Request-Id", context.requestId);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.path.startsWith("/assets/") ? "static" : routeOf(req.path);
      // A client that went away before the response was written: nginx's 499.
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.requests.inc({ route, method: req.method, status: String(status) });
      metrics.duration.observe({ route, method: req.method }, seconds);
      if (route === "static" && status < 400) return;
      const line = {
        method: req.method,
        route,
        path: SECRET_IN_PATH.has(route) ? undefined : req.path,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        userId: context.userId,
        orgId: context.orgId,
        ip: ANONYMOUS_ROUTES.has(route) ? undefined : req.ip,
      };
      if (status >= 500) logger.error(line, "request failed");
      else logger.info(line, "request");
    };
    res.on("finish", end);
    res.on("close", end);
    requestContexts.run(context, next);
  };
}
