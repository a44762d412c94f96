import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm, SMALL_FORM_MAX_BYTES } from "~/platform/request-body.server";
import { TEXT_LIMITS } from "~/platform/text-limits";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getAuth, getSessionUser, readerLocale } from "~/features/accounts/index.server";
import { getDb } from "~/platform/db.server";
import { forwardCookies, parseForm, type FieldErrors } from "~/platform/forms";
import { accountExists, invitationView, passwordProblem } from "~/features/accounts/index.server";
import { useT, termKey, refusal, problem } from "~/features/i18n";

const signUpSchema = z.object({
  intent: z.literal("signup"),
  name: z.string().trim().min(1, "required").max(TEXT_LIMITS.name, "tooLong"),
  password: z.string().min(8, "passwordTooShort").max(128, "tooLong"),
});

/** The invitation id is the credential here (as in better-auth); no other data is shown or changed. */
async function load(request: Request, id: string) {
  const view = await invitationView(await getDb(), id);
  if (!view) throw refusal(await readerLocale(request), 404, problem("p_noInvitation"));
  return view;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await load(request, params.id!);
  const user = await getSessionUser(request);
  return { invitation, signedInEmail: user?.email ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const invitation = await load(request, params.id!);
  // An expired or used invitation changes nothing: no account is created, no membership added.
  if (invitation.state !== "pending") return data({ errors: { form: invitation.state === "expired" ? "invitationExpired" : "invitationUsed" } as FieldErrors }, { status: 410 });
  const auth = await getAuth();
  const form = await pageForm(request, await readerLocale(request), SMALL_FORM_MAX_BYTES);
  let sessionHeaders = request.headers;
  const cookies = new Headers();
  if (form.get("intent") === "signup") {
    const parsed = parseForm(signUpSchema, form);
    if (parsed.errors) return data({ errors: parsed.errors }, { status: 400 });
    const weak = passwordProblem(parsed.data.password, [invitation.email, parsed.data.name]);
    if (weak) return data({ errors: { password: weak } as FieldErrors }, { status: 400 });
    if (await accountExists(await getDb(), invitation.email)) return data({ errors: { form: "accountExists" } as FieldErrors }, { status: 409 });
    const signUp = await auth.api.signUpEmail({
      body: { email: invitation.email, name: parsed.data.name, password: parsed.data.password },
      headers: request.headers,
      asResponse: true,
    });
    if (!signUp.ok) return data({ errors: { form: "accountExists" } as FieldErrors }, { status: signUp.status });
    forwardCookies(signUp, cookies);
    sessionHeaders = new Headers(request.headers);
    sessionHeaders.set("cookie", signUp.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "));
  } else {
    const user = await getSessionUser(request);
    if (!user) throw redirect(`/login?redirectTo=/invitations/${invitation.id}`);
    if (user.email.toLowerCase() !== invitation.email.toLowerCase()) return data({ errors: { form: "wrongAccount" } as FieldErrors }, { status: 403 });
  }
  const accepted = await auth.api.acceptInvitation({ headers: sessionHeaders, body: { invitationId: invitation.id }, asResponse: true });
  if (!accepted.ok) return data({ errors: { form: "invitationUsed" } as FieldErrors }, { status: accepted.status, headers: cookies });
  forwardCookies(accepted, cookies);
  return redirect("/dashboard", { headers: cookies });
}

export default function InvitationPage() {
  const { invitation, signedInEmail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = (result?.errors ?? {}) as FieldErrors;
  const role = invitation.role ? t(termKey("role", invitation.role)) : "";
  return (
    <div className="login-wrap card">
      <h1>{t("invitationTitle", { org: invitation.orgName })}</h1>
      <p>{t("invitationFor", { email: invitation.email, org: invitation.orgName, role })}</p>
      {errors.form ? (
        <p className="form-error" role="alert">
          {t(errors.form, { email: invitation.email })}
        </p>
      ) : null}
      {invitation.state === "expired" ? <p className="form-error" role="alert">{t("invitationExpired")}</p> : null}
      {invitation.state === "used" ? <p className="form-error" role="alert">{t("invitationUsed")}</p> : null}
      {invitation.state === "pending" && signedInEmail ? (
        <Form method="post" className="stack">
          <p>{t("signedInAs", { email: signedInEmail })}</p>
          <input type="hidden" name="intent" value="accept" />
          <button type="submit">{t("acceptInvitation")}</button>
        </Form>
      ) : null}
      {invitation.state === "pending" && !signedInEmail ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="signup" />
          <div>
            <label htmlFor="inv-email">{t("email")}</label>
            <input id="inv-email" value={invitation.email} readOnly />
          </div>
          <div>
            <label htmlFor="inv-name">{t("name")}</label>
            <input id="inv-name" name="name" autoComplete="name" aria-invalid={!!errors.name} aria-describedby="inv-name-error" />
            {errors.name ? <p className="field-error" id="inv-name-error">{t(errors.name)}</p> : null}
          </div>
          <div>
            <label htmlFor="inv-password">{t("password")}</label>
            <input id="inv-password" name="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} aria-describedby="inv-password-error" />
            {errors.password ? <p className="field-error" id="inv-password-error">{t(errors.password)}</p> : null}
          </div>
          <button type="submit">{t("acceptAndCreate")}</button>
        </Form>
      ) : null}
    </div>
  );
}
