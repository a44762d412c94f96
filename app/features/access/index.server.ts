// The access domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./permissions";
export * from "./resources";
export * from "./roles";
export * from "./api-tokens.server";
export * from "./guards.server";
export * from "./index.server";
export * from "./cross-site";
export * from "./client-address";
export * from "./auth-endpoints";
export * from "./tenant-scope.server";
