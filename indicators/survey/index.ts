export * from "./design";
export { respondentScore, scaledAnswer, isProportion, estimateBounds, type Answers } from "./score";
export { estimateIndicator, wilsonInterval, tInterval, kishDesignEffect, plannedSampleSize, Z95, type SurveyEstimate, type IntervalMethod } from "./estimate";
export { rake, RakingError, type RakingMargin, type RakingResult } from "./rake";
export { findAnomalies, DEFAULT_ANOMALY_RULES, type AnomalyReason, type AnomalyRules, type ArrivedResponse } from "./anomalies";
export { answerDistribution, type AnswerCount } from "./distribution";
