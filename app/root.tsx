import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import stylesUrl from "./styles.css?url";
import { navigationRights } from "~/features/access";
import { getSessionUser } from "~/features/accounts/index.server";
import { localeFromRequest, makeT, useT, type Locale } from "~/features/i18n";
import { useNonce } from "~/ui/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const locale: Locale = user?.locale ?? localeFromRequest(request);
  return {
    locale,
    user: user && {
      name: user.name,
      email: user.email,
      platformAdmin: user.platformAdmin,
      activeOrgId: user.activeOrgId,
      memberships: user.memberships,
      role: user.actor.membership?.role ?? null,
    },
    // What the navigation offers is asked of the access rules, never read off a role name.
    can: user ? navigationRights(user.actor) : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const next = locale === "en" ? "zh-CN" : "en";
  return (
    <Form method="post" action="/settings/locale" className="inline">
      <input type="hidden" name="locale" value={next} />
      <button type="submit" className="link-button" title={t("language")} lang={next}>
        {next === "en" ? "English" : "中文"}
      </button>
    </Form>
  );
}

function OrgSwitcher({ data }: { data: NonNullable<RootData["user"]> }) {
  const t = useT();
  if (data.memberships.length < 2) return data.memberships[0] ? <span className="org-name">{data.memberships[0].orgName}</span> : null;
  return (
    <Form method="post" action="/org/switch" className="inline org-switcher">
      <label htmlFor="org-switch">{t("activeOrg")}</label>
      <select id="org-switch" name="organizationId" defaultValue={data.activeOrgId ?? undefined}>
        {data.memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName} · {t(`role_${m.role}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t("switchOrg")}</button>
    </Form>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? "zh-CN";
  const t = makeT(locale);
  const user = data?.user;
  const nonce = useNonce();
  // A page that works as a plain form (the public survey, opened on slow phones) ships no JavaScript.
  const scripts = !useMatches().some((m) => (m.handle as { scripts?: boolean } | undefined)?.scripts === false);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t("appName")} · ${t("tagline")}`}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("skipToContent")}
        </a>
        <header className="topbar">
          <Link to="/" className="brand">
            <strong>{t("appName")}</strong> <span className="tagline">{t("tagline")}</span>
          </Link>
          <div className="topbar-right">
            {user ? <OrgSwitcher data={user} /> : null}
            <LanguageSwitch locale={locale} />
            {user ? (
              <Form method="post" action="/logout" className="inline">
                <button type="submit" className="link-button">
                  {t("signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </header>
        {user ? (
          <nav className="mainnav" aria-label={t("mainNavigation")}>
            <NavLink to="/dashboard">{t("dashboard")}</NavLink>
            {data?.can?.frameworks ? <NavLink to="/frameworks">{t("frameworkLibrary")}</NavLink> : null}
            {data?.can?.members ? <NavLink to="/members">{t("members")}</NavLink> : null}
            {data?.can?.organizations ? <NavLink to="/admin/organizations">{t("organizations")}</NavLink> : null}
            {data?.can?.outbox ? <NavLink to="/admin/outbox">{t("outbox")}</NavLink> : null}
            {data?.can?.apiTokens ? <NavLink to="/settings/api-tokens">{t("apiTokens")}</NavLink> : null}
            <NavLink to="/settings">{t("settings")}</NavLink>
            <span className="whoami">
              {user.name}
              {user.role ? ` · ${t(`role_${user.role}`)}` : user.platformAdmin ? ` · ${t("role_platform_admin")}` : ""}
            </span>
          </nav>
        ) : null}
        <main id="main">{children}</main>
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 4xx carries its reason in the reader's language (see refusal()); anything else is not for people to read.
  const message = status === 403 ? t("forbidden") : status === 404 ? t("notFound") : isRouteErrorResponse(error) && status < 500 ? String(error.data) : t("serverError");
  return (
    <section className="card error" role="alert">
      <h1>{status}</h1>
      <p>{message}</p>
      {/* For 403 and 404 the server's reason (which rule refused, what was not found) helps the user. */}
      {/* Not the router's own "No route matches" (internal, in English): only our refusals, which are in the reader's language. */}
      {isRouteErrorResponse(error) && (status === 403 || status === 404) && !(error as { internal?: boolean }).internal ? <p className="muted">{String(error.data)}</p> : null}
      <Link to="/">{t("back")}</Link>
    </section>
  );
}
