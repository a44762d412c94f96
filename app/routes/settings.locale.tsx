import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { pageForm, SMALL_FORM_MAX_BYTES } from "~/platform/request-body.server";
import { getDb } from "~/platform/db.server";
import { LOCALES, type Locale, refusal, problem } from "~/features/i18n";
import { setUserLocale, getSessionUser, readerLocale } from "~/features/accounts/index.server";

/** Signed-in users keep their language in their settings; visitors in a cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await pageForm(request, await readerLocale(request), SMALL_FORM_MAX_BYTES);
  const locale = String(form.get("locale"));
  if (!LOCALES.includes(locale as Locale)) throw refusal(await readerLocale(request), 400, problem("p_badLocale", { got: String(locale) }));
  const user = await getSessionUser(request);
  const back = request.headers.get("referer");
  const to = back && new URL(back).origin === new URL(request.url).origin ? new URL(back).pathname + new URL(back).search : "/";
  if (user) {
    await setUserLocale(await getDb(), user.id, locale as Locale);
    return redirect(to);
  }
  return redirect(to, { headers: { "set-cookie": `lng=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` } });
}

export const loader = () => redirect("/");
