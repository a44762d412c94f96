// The i18n domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./i18n";
export * from "./problem";
export * from "./hooks";
export * from "./places";
