// The results domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./ranking-query";
export * from "./export.server";
export * from "./profile.server";
export * from "./rankings.server";
export * from "./standing.server";
export * from "./frozen-cohort.server";
export * from "./methodology-audit.server";
