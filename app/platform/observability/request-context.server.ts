import { AsyncLocalStorage } from "node:async_hooks";

/** What the log line of one request says about it, filled in as the request learns who is asking. */
export interface RequestContext {
  requestId: string;
  userId?: string;
  orgId?: string;
}

// The server entry and the Remix bundle each load their own copy of this module: one store for both.
const holder = globalThis as typeof globalThis & { __zhipingRequestContext?: AsyncLocalStorage<RequestContext> };
export const requestContexts = (holder.__zhipingRequestContext ??= new AsyncLocalStorage<RequestContext>());

export const currentRequest = (): RequestContext | undefined => requestContexts.getStore();

/** Records who the current request acts as (a session's user, or an API token's organization). */
export function noteRequestActor(actor: { userId?: string | null; orgId?: string | null }) {
  const context = currentRequest();
  if (!context) return;
  if (actor.userId) context.userId = actor.userId;
  if (actor.orgId) context.orgId = actor.orgId;
}
