import * as common from "./messages/common";
import * as accounts from "./messages/accounts";
import * as onboarding from "./messages/onboarding";
import * as campaigns from "./messages/campaigns";
import * as submissions from "./messages/submissions";
import * as review from "./messages/review";
import * as evidence from "./messages/evidence";
import * as results from "./messages/results";
import * as reports from "./messages/reports";
import * as audit from "./messages/audit";
import * as notifications from "./messages/notifications";
import * as frameworks from "./messages/frameworks";
import * as methodology from "./messages/methodology";
import * as quality from "./messages/quality";
import * as survey from "./messages/survey";

export type Locale = "zh-CN" | "en";
export const LOCALES: Locale[] = ["zh-CN", "en"];

/** Every domain's texts; a key belongs to exactly one file (tests/features/i18n checks it). */
export const MESSAGE_FILES = { common, accounts, campaigns, submissions, review, evidence, results, reports, audit, notifications, frameworks, methodology, quality, survey, onboarding };

const zh = { ...common.zh, ...accounts.zh, ...campaigns.zh, ...submissions.zh, ...review.zh, ...evidence.zh, ...results.zh, ...reports.zh, ...audit.zh, ...notifications.zh, ...frameworks.zh, ...methodology.zh, ...quality.zh, ...survey.zh, ...onboarding.zh };

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = { ...common.en, ...accounts.en, ...campaigns.en, ...submissions.en, ...review.en, ...evidence.en, ...results.en, ...reports.en, ...audit.en, ...notifications.en, ...frameworks.en, ...methodology.en, ...quality.en, ...survey.en, ...onboarding.en };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en };

/** Kinds of codes of ours that people read by name: a key is `<kind>_<code>`. */
export type TermKind = "subStatus" | "status" | "role" | "kind" | "verdict" | "decision" | "delivery" | "normalise" | "aggregate" | "impute" | "view" | "frameworkStatus" | "evidenceKind" | "indicatorKind" | "direction" | "concern" | "fp" | "frameworkEvent" | "field" | "language" | "nodeType" | "export" | "input" | "ruleSeverity" | "flagKind" | "flagSeverity" | "flagStatus" | "flagResolution" | "origin" | "qualityGrade" | "surveyPhase" | "estimator" | "interval" | "exclusion" | "onboardStatus";

/** The message naming a code read from storage (a status, a role, a verdict); "unknownTerm" for one the dictionary lacks, never the raw code. */
export function termKey(kind: TermKind, code: string): MessageKey {
  const key = `${kind}_${code}`;
  return isMessageKey(key) ? key : "unknownTerm";
}

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(zh, key);

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export const makeT = (locale: Locale) => (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);

/** A bilingual text (a framework name, unit or descriptor) in the reader's language; Chinese where no English is given. */
export const localText = (locale: Locale, t: { zh: string; en?: string | null }) => (locale === "en" && t.en ? t.en : t.zh);

/** A name kept in Chinese with an optional English form (a city, a campaign). */
export const localName = (locale: Locale, zh: string, en: string | null | undefined) => localText(locale, { zh, en });

/** One formatter per language and style: building an Intl.DateTimeFormat costs more than formatting with it, and a page of a hundred towns formats hundreds of dates. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, style: "date" | "dateTime") {
  const key = `${locale}|${style}`;
  let format = dateFormats.get(key);
  if (!format)
    dateFormats.set(
      key,
      (format = new Intl.DateTimeFormat(
        locale,
        style === "date"
          ? { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Shanghai" }
          : { year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" },
      )),
    );
  return format;
}

export function formatDate(locale: Locale, date: Date | string) {
  return dateFormat(locale, "date").format(new Date(date));
}

/** Date and time in Beijing time, to the minute: the same on the server and in every browser. */
export function formatDateTime(locale: Locale, date: Date | string) {
  return dateFormat(locale, "dateTime").format(new Date(date));
}

/** For anonymous visitors: the lng cookie, else the browser's preference, else Chinese. */
export const localeFromRequest = (request: Request): Locale => localeFromCookie(request.headers.get("cookie"));

/** The lng cookie's language from a Cookie header, else Chinese. */
export function localeFromCookie(header: string | null | undefined): Locale {
  const cookie = header ?? "";
  const match = /(?:^|;\s*)lng=([^;]+)/.exec(cookie);
  if (match?.[1] === "en" || match?.[1] === "zh-CN") return match[1];
  return "zh-CN";
}
