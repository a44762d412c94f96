// The results domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./ranking-query";
export * from "./ranking-table";
export type * from "./export.server";
export type * from "./profile.server";
export type * from "./rankings.server";
export type * from "./standing.server";
export * from "./rank-range-chart";
