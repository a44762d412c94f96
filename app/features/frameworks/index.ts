// The framework library's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export type * from "./library.server";
export * from "./problem-text";
export * from "./problem-list";
export * from "./formats";
export * from "./shares-head";
