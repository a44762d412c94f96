// The survey domain's public face for any module, client or server. Server-only modules are reached through index.server.ts.
export type { SurveyPhase } from "./survey.server";
export type { CityEstimates, IndicatorEstimates, ExclusionReason } from "./estimates.server";
export type { SurveyOverview, CitySurvey } from "./overview.server";
export * from "./link";
