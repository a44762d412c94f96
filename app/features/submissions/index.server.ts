// The submissions domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./workflow";
export * from "./changes-since-return.server";
export * from "./import.server";
export * from "./index.server";
export * from "./page.server";
export * from "./progress.server";
export * from "./transition.server";
export * from "./values.server";
