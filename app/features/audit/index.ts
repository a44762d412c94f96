// The audit domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./trail";
export type * from "./chain.server";
export type * from "./trail.server";
