import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** What the platform counts, in Prometheus's text format at /metrics. */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "zhiping_" });
  const requests = new Counter({
    name: "zhiping_http_requests_total",
    help: "HTTP requests answered, by route (the Remix route id, never the raw path), method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "zhiping_http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its response, by route and method.",
    labelNames: ["route", "method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const signInFailures = new Counter({
    name: "zhiping_sign_in_failures_total",
    help: "Password sign-ins refused for a wrong e-mail or password.",
    registers: [registry],
  });
  const rateLimitRefusals = new Counter({
    name: "zhiping_rate_limit_refusals_total",
    help: "Requests refused by a limiter: per address (better-auth's limiter) or per account (failed sign-ins).",
    labelNames: ["limiter"] as const,
    registers: [registry],
  });
  const jobsWaiting = new Gauge({
    name: "zhiping_jobs_waiting",
    help: "Background work not finished yet, by queue, read when scraped.",
    labelNames: ["queue"] as const,
    registers: [registry],
  });
  return { registry, requests, duration, signInFailures, rateLimitRefusals, jobsWaiting };
}

export type Metrics = ReturnType<typeof createMetrics>;

// The server entry and the Remix bundle each load their own copy of this module: one registry for both.
const holder = globalThis as typeof globalThis & { __zhipingMetrics?: Metrics };

export function getMetrics(): Metrics {
  return (holder.__zhipingMetrics ??= createMetrics());
}
