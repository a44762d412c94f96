import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/ui/data-table";
import { createApiToken, listApiTokens, revokeApiToken } from "~/features/access/index.server";
import { parseForm } from "~/platform/forms";
import { formatDate, useT, useLocale, refusal, problem } from "~/features/i18n";
import { requireUserWithPermission, withTenantScope } from "~/features/access/index.server";
import { type SessionUser } from "~/features/accounts/index.server";

const activeOrg = (user: SessionUser) => ({ type: "organization" as const, orgId: user.activeOrgId ?? "" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:api-tokens", activeOrg);
  const tokens = await withTenantScope(user.actor, (db) => listApiTokens(db, user.activeOrgId!));
  return { tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })) };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1, "required").max(80, "tooLong") }),
  z.object({ intent: z.literal("revoke"), id: z.string().min(1) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:api-tokens", activeOrg);
  const parsed = parseForm(schema, await pageForm(request, user.locale));
  if (parsed.errors) return { errors: parsed.errors, token: null };
  const { data: change } = parsed;
  if (change.intent === "create") return { errors: null, token: await withTenantScope(user.actor, (db) => createApiToken(db, user.activeOrgId!, change.name, user.id)) };
  if (!(await withTenantScope(user.actor, (db) => revokeApiToken(db, user.activeOrgId!, change.id)))) throw refusal(user.locale, 404, problem("p_noToken"));
  return { errors: null, token: null };
}

export default function ApiTokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("apiTokens")}</h1>
      <section className="card">
        <p>{t("apiTokensIntro")}</p>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="create" />
          <label>
            {t("tokenName")} <input name="name" required maxLength={80} aria-invalid={!!result?.errors?.name} aria-describedby="name-error" />
          </label>{" "}
          <button type="submit">{t("createToken")}</button>
          {result?.errors?.name ? (
            <p id="name-error" className="field-error">
              {t(result.errors.name)}
            </p>
          ) : null}
        </Form>
        {result?.token ? (
          <p className="notice" role="status">
            {t("tokenCreated")} <code data-testid="new-token">{result.token}</code>
          </p>
        ) : null}
      </section>
      <section className="card">
        <DataTable
          rows={tokens}
          rowKey={(k) => k.id}
          columns={[
            { header: t("tokenName"), cell: (k) => k.name },
            { header: "", cell: (k) => <code>{k.prefix}…</code> },
            { header: t("createdAt"), cell: (k) => formatDate(locale, k.createdAt) },
            { header: t("lastUsed"), cell: (k) => (k.lastUsedAt ? formatDate(locale, k.lastUsedAt) : "—") },
            {
              header: t("submissionStatus"),
              cell: (k) =>
                k.revokedAt ? (
                  t("tokenRevoked")
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={k.id} />
                    {t("tokenActive")} <button type="submit">{t("revokeToken")}</button>
                  </Form>
                ),
            },
          ]}
        />
      </section>
    </>
  );
}
