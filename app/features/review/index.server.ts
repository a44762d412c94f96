// The review domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./agreement.server";
export * from "./index.server";
export * from "./queue.server";
export * from "./review.server";
export * from "./sign-off.server";
