import { createHmac } from "node:crypto";
import type { ReportLocale } from "./types";

/** Version of the report layout; part of every report ID so a new layout never reuses an old ID. */
export const REPORT_FORMAT = "zhiping-report/1";

export const COHORT_CODE = "COHORT";

/**
 * A report's ID: which city (or the cohort), and a keyed digest (HMAC-SHA256 with the
 * installation's report key) of campaign, locale, layout version and the result hash. It is
 * derived, not stored: the platform recomputes it to confirm a report. Keyed, because the result
 * hash printed in one report is the cohort's: without the key, whoever holds any report could
 * compute every other city's ID and ask the public verification page which cities were signed off.
 */
export function reportId(input: { campaignSlug: string; cityCode: string; locale: ReportLocale; resultHash: string }, key: string): string {
  const digest = createHmac("sha256", key)
    .update([REPORT_FORMAT, input.campaignSlug, input.cityCode, input.locale, input.resultHash].join("\n"))
    .digest("hex")
    .slice(0, 12)
    .toUpperCase();
  return `ZP-${input.cityCode}-${digest}`;
}

const ID_PATTERN = /^ZP-(\d{6}|COHORT)-([0-9A-F]{12})$/;

/**
 * A report ID as a reader types or pastes it: any case, full-width forms, a dash of another kind,
 * and the spaces or line break a PDF viewer inserts when the ID is copied across a line.
 */
export function normaliseReportId(typed: string): string {
  return typed
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/g, "-")
    .replace(/\s+/g, "")
    .toUpperCase();
}

/** A result hash as pasted: spaces and line breaks dropped, lower case. */
export const normaliseResultHash = (typed: string) => typed.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** The city code (or COHORT) a well-formed report ID names, or null. */
export function parseReportId(id: string): { cityCode: string } | null {
  const match = ID_PATTERN.exec(id);
  return match ? { cityCode: match[1]! } : null;
}

export const verificationPath = (id: string, resultHash: string) => `/verify/${id}?hash=${resultHash}`;
