// The accounts domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./invitation-email";
export type * from "./auth.server";
export type * from "./members.server";
export type * from "./organizations.server";
export type * from "./session.server";
export type * from "./user-settings.server";
