// The submissions domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./progress-cell";
export * from "./workflow";
export type * from "./changes-since-return.server";
export type * from "./import.server";
export type * from "./page.server";
export type * from "./progress.server";
export type * from "./transition.server";
export type * from "./values.server";
