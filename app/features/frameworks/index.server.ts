// The framework library's public face for server code.
export * from "./library.server";
export * from "./commands.server";
export * from "./files.server";
export * from "./guards.server";
export * from "./intake.server";
