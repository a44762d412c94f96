import { useRouteLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime, localText, makeT, type Locale } from "./i18n";

/** The reader's language, as the root loader decided it (the user's setting, else the lng cookie, else Chinese). */
export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return root?.locale ?? "zh-CN";
}

/** The one way a component says something: `t(key, vars)` in the reader's language. */
export function useT() {
  return makeT(useLocale());
}

/** Bilingual texts and dates the reader's way: `text({ zh, en })`, `date(d)`, `dateTime(d)` (Beijing time). */
export function useLocalFormat() {
  const locale = useLocale();
  return {
    locale,
    text: (t: { zh: string; en: string }) => localText(locale, t),
    /** A name kept in Chinese with an optional English form (an organization, a city). */
    name: (zh: string, en: string | null | undefined) => (locale === "en" && en ? en : zh),
    date: (d: Date | string) => formatDate(locale, d),
    dateTime: (d: Date | string) => formatDateTime(locale, d),
    number: (n: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(n),
  };
}
