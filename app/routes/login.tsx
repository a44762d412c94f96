import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm, SMALL_FORM_MAX_BYTES } from "~/platform/request-body.server";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { signInWithPassword, getSessionUser, readerLocale } from "~/features/accounts/index.server";
import { forwardCookies, parseForm, type FieldErrors } from "~/platform/forms";
import { useT } from "~/features/i18n";

const schema = z.object({
  email: z.string().trim().min(1, "required").max(254, "tooLong").email("invalidEmail"),
  password: z.string().min(1, "required").max(256, "tooLong"),
  redirectTo: z.string().optional(),
});

/** Only same-site paths: an open redirect would let a phishing link bounce through our login. */
/** Only a path of this site: "//host" and "/\\host" are other sites to a browser. */
export const safeRedirect = (to: string | undefined) => (to && /^\/(?![/\\])/.test(to) ? to : "/dashboard");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(schema, await pageForm(request, await readerLocale(request), SMALL_FORM_MAX_BYTES));
  if (parsed.errors) return data({ errors: parsed.errors as FieldErrors, retryAfter: 0 }, { status: 400 });
  const response = await signInWithPassword(request, parsed.data.email, parsed.data.password);
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("x-retry-after") ?? 60);
    return data({ errors: { form: "tooManyAttempts" } as FieldErrors, retryAfter }, { status: 429 });
  }
  if (!response.ok) return data({ errors: { form: "invalidCredentials" } as FieldErrors, retryAfter: 0 }, { status: 401 });
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: forwardCookies(response) });
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors ?? {};
  return (
    <div className="login-wrap card">
      <h1>{t("signIn")}</h1>
      {errors.form ? (
        <p className="form-error" role="alert" id="form-error">
          {errors.form === "tooManyAttempts" ? t("tooManyAttempts", { seconds: result?.retryAfter ?? 60 }) : t("invalidCredentials")}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate aria-describedby={errors.form ? "form-error" : undefined}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div>
          <label htmlFor="email">{t("email")}</label>
          <input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!errors.email} aria-describedby={errors.email ? "email-error" : undefined} />
          {errors.email ? <p className="field-error" id="email-error">{t(errors.email as "required")}</p> : null}
        </div>
        <div>
          <label htmlFor="password">{t("password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!errors.password} aria-describedby={errors.password ? "password-error" : undefined} />
          {errors.password ? <p className="field-error" id="password-error">{t(errors.password as "required")}</p> : null}
        </div>
        <button type="submit" disabled={busy}>
          {t("signIn")}
        </button>
      </Form>
    </div>
  );
}
