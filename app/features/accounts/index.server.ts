// The accounts domain's public face for server code: its pure modules and its server modules (components stay in index.ts).
export * from "./invitation-email";
export * from "./auth.server";
export * from "./index.server";
export * from "./members.server";
export * from "./organizations.server";
export * from "./session.server";
export * from "./user-settings.server";
export * from "./password-change.server";
export * from "./password-policy.server";
export * from "./onboarding-file.server";
export * from "./onboarding.server";
