// The notifications domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./email.server";
export * from "./index.server";
export * from "./reminders.server";
export * from "./workflow-mails.server";
