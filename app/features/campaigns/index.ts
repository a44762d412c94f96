// The campaigns domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./lifecycle";
export * from "./settings-fields";
export type * from "./commands.server";
export type * from "./queries.server";
