// The part of the library a browser bundle may load: framework types, validation, shares and draft
// edits. The full index also holds the engine's hashing (node:crypto), which a page must not pull in.
export * from "./framework/schema";
export { flattenFramework, frameworkProblems, pathText } from "./framework/load";
export type { FrameworkProblem, FrameworkProblemCode } from "./framework/problems";
export { weightShares, type WeightShare } from "./framework/shares";
export { findNode } from "./framework/edit";
export { QUESTION_SCALES, SURVEY_ESTIMATORS, surveyDesignSchema, type QuestionScale, type SurveyDesign, type SurveyEstimator, type SurveyQuestion } from "./survey/design";
