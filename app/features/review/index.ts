// The review domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export type * from "./agreement.server";
export type * from "./queue.server";
export type * from "./review.server";
export type * from "./sign-off.server";
