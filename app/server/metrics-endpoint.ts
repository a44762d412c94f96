import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { getMetrics } from "../platform/observability/metrics.server";

export interface MetricsEndpointOptions {
  /** When set, the scraper must send `Authorization: Bearer <token>`; unset only on the admin port. */
  token?: string;
  /** Background work not yet finished, per queue, read at each scrape. */
  jobsWaiting: () => Promise<Record<string, number>>;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** GET /metrics in Prometheus's text format. */
export function metricsEndpoint(options: MetricsEndpointOptions): RequestHandler {
  const metrics = getMetrics();
  return async (req, res, next) => {
    if (options.token) {
      const given = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1] ?? "";
      if (!sameSecret(given, options.token)) {
        res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("metrics need Authorization: Bearer <METRICS_TOKEN>\n");
        return;
      }
    }
    try {
      for (const [queue, waiting] of Object.entries(await options.jobsWaiting())) metrics.jobsWaiting.set({ queue }, waiting);
      res.set("Content-Type", metrics.registry.contentType).set("Cache-Control", "no-store").send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}
