// The survey domain's public face for server code.
export * from "./survey.server";
export * from "./device.server";
export * from "./respond.server";
export * from "./estimates.server";
export * from "./raw-responses.server";
export * from "./commands.server";
export * from "./overview.server";
export * from "./qr.server";
export * from "./link";
export * from "./report.server";
export * from "./margins.server";
