/** The plain data a report is built from. The app assembles it; nothing here reads a database. */

export type ReportLocale = "zh" | "en";

/** Text in both languages; `en` falls back to `zh` where no English name exists. */
export interface BilingualText {
  zh: string;
  en?: string | null;
}

export interface ReportMethod {
  frameworkRef: string;
  frameworkName: BilingualText;
  engineVersion: string;
  normalisation: string;
  aggregation: string;
  /** Share of a group's indicators needed for it to be scored (0..1). */
  dataThreshold: number;
  imputation: string;
  /** Top-level dimensions with their weights as given in the framework. */
  weights: { code: string; name: BilingualText; weight: number; share: number }[];
}

export interface ReportCampaign {
  slug: string;
  name: BilingualText;
  year: number;
  ministry: BilingualText;
}

export interface Verification {
  reportId: string;
  /** SHA-256 reproducibility hash of the scoring run the report shows. */
  resultHash: string;
  /** Absolute URL of the platform page that confirms the report. */
  url: string;
}

export interface DimensionScore {
  code: string;
  name: BilingualText;
  score: number | null;
  rank: number | null;
  cohortMedian: number | null;
  best: number | null;
}

export interface ConcernScore {
  key: "citizen-engagement" | "data-silos" | "operability";
  score: number | null;
  rank: number | null;
}

/** "not-assessed": the campaign recorded no evidence verdict for the indicator. */
export type EvidenceStatus = "sufficient" | "insufficient" | "missing" | "not-required" | "not-assessed";

export interface IndicatorLine {
  code: string;
  dimension: string;
  name: BilingualText;
  unit: BilingualText;
  submitted: number | null;
  reviewed: number | null;
  decision: "accepted" | "adjusted" | "returned" | null;
  /** Normalised score (0–100). */
  score: number | null;
  /** Effective weight in the overall score, as a share (0..1). */
  weight: number | null;
  /** Points added to the overall score. */
  contribution: number | null;
  evidence: EvidenceStatus;
}

export interface Finding {
  indicator: string;
  indicatorName: BilingualText;
  kind: "adjusted" | "returned";
  reason: string;
  by: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  actor: string;
  reason: string | null;
}

export interface CityReportData {
  locale: ReportLocale;
  /** Fixed from the inputs (the scoring run's time), so the same result gives the same bytes. */
  issuedAt: string;
  campaign: ReportCampaign;
  city: { name: BilingualText; code: string; province: string | null };
  agency: BilingualText;
  secondAgency: BilingualText | null;
  overall: { score: number | null; rank: number | null; of: number };
  concerns: ConcernScore[];
  dimensions: DimensionScore[];
  indicators: IndicatorLine[];
  findings: Finding[];
  history: HistoryEntry[];
  signOff: { lead: string; at: string; assessors: string[] };
  method: ReportMethod;
  verification: Verification;
  /** Where the rank may lie under the methodology audit's sampled methods (absent until the audit is done). */
  uncertainty?: ReportUncertainty & { range: { rank: number; q5: number; q95: number; median: number } | null };
  /** The plausibility checks' flags on the city's submission and what became of them (texts in the report's language). */
  quality?: ReportQuality;
  /** The citizen survey's frozen estimates (absent when the framework has no survey-sourced indicator; empty until the city's survey closed). */
  survey?: ReportSurveyCity;
}

export interface ReportSurveyEstimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
  n: number;
  weighted: boolean;
  belowMinimum: boolean;
  minSample: number;
}

export interface ReportSurveyCity {
  indicators: (ReportSurveyEstimate & { code: string; name: BilingualText })[];
  received: number;
  excluded: number;
  sha256: string | null;
}

export interface QualityCounts {
  total: number;
  resolved: number;
  explained: number;
  open: number;
}

export interface ReportQuality extends QualityCounts {
  /** The city's data-quality declaration counted: measured, derived, estimated, extrapolated, not declared. */
  declaration: string;
  items: { indicators: string; check: string; why: string; status: string; note: string }[];
}

/** The methodology audit as a report shows it: the space in words, the sensitivity, and the rank ranges. */
export interface ReportUncertainty {
  samples: number;
  /** The uncertainty space, one line per varied choice, in the report's language. */
  space: string[];
  sensitivity: { input: string; si: number; sti: number }[];
}

export interface CohortCity {
  code: string;
  name: BilingualText;
  province: string | null;
  score: number | null;
  rank: number | null;
  dimensions: Record<string, number | null>;
  concerns: Record<ConcernScore["key"], number | null>;
  coverage: number;
}

export interface CohortReportData {
  locale: ReportLocale;
  issuedAt: string;
  campaign: ReportCampaign;
  dimensions: { code: string; name: BilingualText }[];
  cities: CohortCity[];
  /** Cities of the cohort without a signed-off result: listed as pending, never ranked. */
  pending: { code: string; name: BilingualText; status: string }[];
  method: ReportMethod;
  verification: Verification;
  uncertainty?: ReportUncertainty & { ranges: { code: string; name: BilingualText; rank: number; q5: number; q95: number; median: number }[] };
  /** Flags by city and by kind of check, with what became of them. */
  quality?: QualityCounts & { cities: (QualityCounts & { code: string; name: BilingualText })[]; kinds: (QualityCounts & { check: string })[] };
  /** Each survey-sourced indicator's frozen estimates across the cohort. */
  survey?: { code: string; name: BilingualText; cities: (ReportSurveyEstimate & { code: string; name: BilingualText })[] }[];
}
