// The quality domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export * from "./flag";
export { QualityFlagsPanel } from "./flags-panel";
export type * from "./flags.server";
export * from "./flag-text";
export * from "./declaration";
