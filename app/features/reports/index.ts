// The reports domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export type * from "./data.server";
export type * from "./pdf.server";
export * from "./verify-panel";
