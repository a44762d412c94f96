import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { useRootData } from "~/root";
import { changeOwnPassword } from "~/features/accounts/index.server";
import { getDb } from "~/platform/db.server";
import { forwardCookies, parseForm, type FieldErrors } from "~/platform/forms";
import { requireUser } from "~/features/access/index.server";
import { useT } from "~/features/i18n";

const schema = z.object({
  currentPassword: z.string().min(1, "required").max(256, "tooLong"),
  newPassword: z.string().min(8, "passwordTooShort").max(128, "tooLong"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(schema, await pageForm(request, user.locale));
  if (parsed.errors) return data({ errors: parsed.errors, done: false, retryAfter: 0 }, { status: 400 });
  const outcome = await changeOwnPassword(await getDb(), request, user, parsed.data.currentPassword, parsed.data.newPassword);
  if (!outcome.ok) return data({ errors: { [outcome.field]: outcome.error } as FieldErrors, done: false, retryAfter: outcome.retryAfter ?? 0 }, { status: outcome.status });
  return data({ errors: {} as FieldErrors, done: true, retryAfter: 0 }, { headers: forwardCookies(outcome.response) });
}

export default function Settings() {
  const t = useT();
  const result = useActionData<typeof action>();
  const locale = useRootData()?.locale;
  const errors = result?.errors ?? {};
  return (
    <>
      <h1>{t("settings")}</h1>
      <section className="card">
        <h2>{t("language")}</h2>
        <Form method="post" action="/settings/locale" className="inline">
          <label htmlFor="locale" className="sr-only">
            {t("language")}
          </label>
          <select id="locale" name="locale" defaultValue={locale}>
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
          <button type="submit">{t("save")}</button>
        </Form>
      </section>
      <section className="card">
        <h2>{t("changePassword")}</h2>
        {result?.done ? <p className="notice" role="status">{t("passwordChanged")}</p> : null}
        <Form method="post" className="stack" noValidate>
          <div>
            <label htmlFor="currentPassword">{t("currentPassword")}</label>
            <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" aria-invalid={!!errors.currentPassword} aria-describedby="currentPassword-error" />
            {errors.currentPassword ? <p className="field-error" id="currentPassword-error">{t(errors.currentPassword, { seconds: result?.retryAfter ?? 0 })}</p> : null}
          </div>
          <div>
            <label htmlFor="newPassword">{t("newPassword")}</label>
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" aria-invalid={!!errors.newPassword} aria-describedby="newPassword-error" />
            {errors.newPassword ? <p className="field-error" id="newPassword-error">{t(errors.newPassword)}</p> : null}
          </div>
          <button type="submit">{t("changePassword")}</button>
        </Form>
      </section>
    </>
  );
}
