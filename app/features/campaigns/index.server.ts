// The campaigns domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./lifecycle";
export * from "./commands.server";
export * from "./index.server";
export * from "./queries.server";
export * from "./cohort-bulk.server";
