export { buildCityReport } from "./city-report";
export { buildCohortReport } from "./cohort-report";
export { reportId, parseReportId, normaliseReportId, normaliseResultHash, verificationPath, REPORT_FORMAT, COHORT_CODE } from "./report-id";
export type * from "./types";
