// The evidence domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./content.server";
export * from "./evidence.server";
export * from "./index.server";
export * from "./document-date.server";
