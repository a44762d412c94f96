/** Plausibility checks of submitted values (issue 18): validation rules, cohort outliers, history. */
export * from "./rule";
export * from "./outliers";
export * from "./checks";
