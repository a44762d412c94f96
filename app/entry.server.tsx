import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
// The web-streams renderer, not renderToPipeableStream: React 18's Node stream writer flushes its
// whole 2 KB buffer when a multi-byte character does not fit at the end, so Chinese text at a
// buffer boundary reached browsers with NUL bytes inside ("数\0\0据来源"). This one copies bytes.
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceProvider } from "./ui/nonce";
import { errorField, getLogger } from "./platform/observability/logger.server";
import { getDb } from "./platform/db.server";
import { warmStandings } from "./features/results/index.server";

const logServerError = (error: unknown, where: string) => getLogger().error({ err: errorField(error), where }, "server error");

/** Errors of loaders and actions (not the thrown responses that answer a request) go to the structured log with their request id. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  logServerError(error, "loader or action");
};

/**
 * Run by the server entry once it listens (this bundle keeps its own module state, so warming
 * must happen here): the recent campaigns' standings, scored before anyone asks.
 */
export async function warmUp() {
  return { campaigns: await warmStandings(await getDb()) };
}

/** How long a page may stream before the rest is rendered on the client (Remix's default). */
export const streamTimeout = 5_000;

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  let status = responseStatusCode;
  // The server entry's Content Security Policy admits only scripts with this response's nonce.
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), streamTimeout + 1_000);
  const document = (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce || undefined} />
    </NonceProvider>
  );
  const body = await renderToReadableStream(document, {
    nonce: nonce || undefined,
    signal: controller.signal,
    onError(error: unknown) {
      status = 500;
      // Errors while streaming after the shell are reported here only; the shell's own errors reject above.
      if (!controller.signal.aborted) logServerError(error, "render");
    },
  });
  // Crawlers and scripts get the whole document at once; browsers get it as it streams.
  if (isbot(request.headers.get("user-agent") ?? "")) await body.allReady;
  body.allReady.finally(() => clearTimeout(timer));
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status });
}
