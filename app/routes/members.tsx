import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { DataTable } from "~/ui/data-table";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getAuth, type SessionUser } from "~/features/accounts/index.server";
import { getDb } from "~/platform/db.server";
import { parseForm, type FieldErrors } from "~/platform/forms";
import { formatDate, type MessageKey, useT, useLocale, termKey, refusal, problem } from "~/features/i18n";
import { listMembers, orgKindOf, pendingInvitations } from "~/features/accounts/index.server";
import { decide } from "~/features/access";
import { ROLES, isRole, roleFitsKind } from "~/features/access";
import { requireUserWithPermission } from "~/features/access/index.server";

const activeOrg = (user: SessionUser) => {
  if (!user.activeOrgId) throw refusal(user.locale, 403, problem("p_noActiveOrganization"));
  return { type: "organization" as const, orgId: user.activeOrgId };
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:organization", activeOrg);
  const db = await getDb();
  const kind = (await orgKindOf(db, user.activeOrgId!))!;
  const canInvite = decide(user.actor, "invite:member", activeOrg(user)).allowed;
  return {
    members: await listMembers(db, user.activeOrgId!),
    invitations: canInvite ? await pendingInvitations(db, user.activeOrgId!) : [],
    canInvite,
    roles: ROLES[kind],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "invite:member", activeOrg);
  const db = await getDb();
  const kind = (await orgKindOf(db, user.activeOrgId!))!;
  const schema = z.object({
    email: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("invalidEmail"),
    role: z.string().refine((r) => isRole(r) && roleFitsKind(r, kind), "required"),
  });
  const parsed = parseForm(schema, await pageForm(request, user.locale));
  if (parsed.errors) return data({ errors: parsed.errors, sentTo: null }, { status: 400 });
  const auth = await getAuth();
  const response = await auth.api.createInvitation({
    headers: request.headers,
    body: { email: parsed.data.email, role: parsed.data.role as never, organizationId: user.activeOrgId! },
    asResponse: true,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    // better-auth says why in English; the reader is told in their language.
    const reason = INVITATION_REFUSALS[body.code ?? ""] ?? "inviteRefused";
    return data({ errors: { email: reason } as FieldErrors, sentTo: null }, { status: response.status });
  }
  return { errors: {} as FieldErrors, sentTo: parsed.data.email };
}

const INVITATION_REFUSALS: Record<string, MessageKey> = {
  USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION: "inviteAlreadyMember",
  USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION: "inviteAlreadyInvited",
};

export default function Members() {
  const { members, invitations, canInvite, roles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = result?.errors ?? {};
  return (
    <>
      <h1>{t("members")}</h1>
      <section className="card">
        <h2>{t("memberList")}</h2>
        <DataTable
          rows={members}
          rowKey={(m) => m.email}
          columns={[
            { header: t("name"), cell: (m) => m.name },
            { header: t("email"), cell: (m) => m.email },
            { header: t("role"), cell: (m) => t(termKey("role", m.role)) },
          ]}
        />
      </section>
      {canInvite ? (
        <section className="card">
          <h2>{t("invite")}</h2>
          {result?.sentTo ? <p className="notice" role="status">{t("inviteSent", { email: result.sentTo })}</p> : null}
          <Form method="post" className="stack" noValidate>
            <div>
              <label htmlFor="invite-email">{t("email")}</label>
              <input id="invite-email" name="email" type="email" aria-invalid={!!errors.email} aria-describedby="invite-email-error" />
              {errors.email ? <p className="field-error" id="invite-email-error">{t(errors.email)}</p> : null}
            </div>
            <div>
              <label htmlFor="invite-role">{t("role")}</label>
              <select id="invite-role" name="role" defaultValue={roles[roles.length - 1]}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role_${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t("invite")}</button>
          </Form>
          {invitations.length ? (
            <>
              <h3>{t("pendingInvitations")}</h3>
              <ul>
                {invitations.map((i) => (
                  <li key={i.id}>
                    {i.email} · {t(termKey("role", i.role ?? ""))} · {t("expires")} {formatDate(locale, i.expiresAt)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
