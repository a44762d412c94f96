// The notifications domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export type * from "./email.server";
export type * from "./reminders.server";
export type * from "./workflow-mails.server";
