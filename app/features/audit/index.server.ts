// The audit domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./chain.server";
export * from "./index.server";
export * from "./trail.server";
