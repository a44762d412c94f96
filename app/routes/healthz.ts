/**
 * GET /healthz — the process is up and answering (liveness). Touches nothing else, so a slow
 * database never gets a healthy process restarted; readiness is /readyz.
 */
export const loader = () => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
