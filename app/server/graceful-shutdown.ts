import type { Server } from "node:http";

export interface ShutdownOptions {
  /** How long requests in flight may take to finish before their connections are closed. */
  graceMs: number;
  /** After the last request: stop jobs, close the database (releasing PGlite's lock). */
  afterRequests: () => Promise<void>;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * Tracks the requests in flight on an HTTP server and returns the shutdown to run on SIGTERM:
 * stop accepting connections, let every request in flight finish (a save commits and its client
 * gets the answer), close keep-alive connections as they go idle, and only after the grace period
 * cut what is left. Returns once everything is closed.
 */
export function gracefulShutdown(server: Server, options: ShutdownOptions): () => Promise<void> {
  let inFlight = 0;
  let stopping: Promise<void> | null = null;
  let drained: (() => void) | null = null;

  server.on("request", (_req, res) => {
    inFlight++;
    // A request that arrives on a kept-alive connection after SIGTERM is still served, on a connection that then closes.
    if (stopping) res.setHeader("Connection", "close");
    res.once("close", () => {
      inFlight--;
      if (!stopping) return;
      server.closeIdleConnections();
      if (inFlight === 0) drained?.();
    });
  });

  const stop = async () => {
    const started = Date.now();
    options.log("shutting down: no new connections", { inFlight });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        new Promise<true>((resolve) => (drained = () => resolve(true))),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), options.graceMs))),
      ]);
      clearTimeout(timer);
      if (!finished) {
        options.log("shutting down: grace period over, closing connections", { inFlight });
        server.closeAllConnections();
      }
    }
    await closed;
    await options.afterRequests();
    options.log("shut down", { ms: Date.now() - started });
  };
  return () => (stopping ??= stop());
}
