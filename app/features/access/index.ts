// The access domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./permissions";
export * from "./resources";
export * from "./roles";
export type * from "./api-tokens.server";
export type * from "./guards.server";
export * from "./cross-site";
export * from "./client-address";
export * from "./auth-endpoints";
export type * from "./tenant-scope.server";
