// The i18n domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./i18n";
export * from "./problem";
export * from "./places";
export * from "./index.server";
