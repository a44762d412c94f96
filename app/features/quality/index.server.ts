// The quality domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./flag";
export * from "./flags.server";
export * from "./cohort-statistics.server";
export * from "./notes.server";
export * from "./view.server";
export * from "./summary.server";
export * from "./flag-text";
export * from "./report.server";
export * from "./declaration";
