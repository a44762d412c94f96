import { useRouteLoaderData } from "@remix-run/react";
import { makeT, type Locale } from "./i18n";

/** The reader's language, as the root loader decided it (the user's setting, else the lng cookie, else Chinese). */
export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return root?.locale ?? "zh-CN";
}

/** The one way a component says something: `t(key, vars)` in the reader's language. */
export function useT() {
  return makeT(useLocale());
}
