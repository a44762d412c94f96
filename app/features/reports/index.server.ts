// The reports domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./data.server";
export * from "./index.server";
export * from "./batch.server";
export * from "./pdf.server";
export * from "./report-key.server";
export * from "./verify.server";
