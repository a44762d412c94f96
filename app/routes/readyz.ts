import { readiness } from "~/platform/readiness.server";
import { getDatabase } from "~/platform/db.server";
import { getStorage } from "~/platform/storage.server";
import { isDraining } from "~/platform/observability/draining.server";

/**
 * GET /readyz — whether this process should receive traffic: database reachable, migrations
 * current, storage writable. 200 when all pass, 503 naming the failed checks (never their errors).
 * Unauthenticated, like /healthz: a load balancer probes it.
 */
export async function loader() {
  // After SIGTERM the process still finishes its requests, but a balancer should stop sending new ones.
  if (isDraining()) return Response.json({ status: "draining" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  const result = await readiness(getDatabase, getStorage);
  return Response.json({ status: result.ready ? "ready" : "not ready", checks: result.checks }, { status: result.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
