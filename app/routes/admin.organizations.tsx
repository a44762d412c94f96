import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { DataTable } from "~/ui/data-table";
import { Field } from "~/ui/field";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { publicUrl } from "~/platform/env.server";
import { getDb } from "~/platform/db.server";
import { parseForm, type FieldErrors } from "~/platform/forms";
import { createOrganizationWithAdmin, listOrganizations } from "~/features/accounts/index.server";
import { requireUserWithPermission } from "~/features/access/index.server";
import { localName, placeName, useLocale, useT } from "~/features/i18n";

const PLATFORM = { type: "platform" } as const;

const schema = z
  .object({
    kind: z.enum(["ministry", "agency", "city"]),
    name: z.string().trim().min(1, "required").max(120, "tooLong"),
    nameEn: z.string().trim().max(120, "tooLong").optional(),
    divisionCode: z.string().trim().max(6, "tooLong").optional(),
    province: z.string().trim().max(50, "tooLong").optional(),
    region: z.string().trim().max(50, "tooLong").optional(),
    tier: z.string().trim().max(50, "tooLong").optional(),
    population: z.coerce.number().int().positive().optional().or(z.literal("").transform(() => undefined)),
    adminEmail: z.string().trim().toLowerCase().min(1, "required").max(254, "tooLong").email("invalidEmail"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "city" && !/^\d{6}$/.test(v.divisionCode ?? "")) ctx.addIssue({ code: "custom", path: ["divisionCode"], message: "divisionCodeFormat" });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:organizations", PLATFORM);
  return { organizations: await listOrganizations(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:organizations", PLATFORM);
  const parsed = parseForm(schema, await pageForm(request, user.locale));
  if (parsed.errors) return data({ errors: parsed.errors, vars: {} as Record<string, string>, created: null }, { status: 400 });
  const result = await createOrganizationWithAdmin(await getDb(), parsed.data, { id: user.id, name: user.name }, publicUrl());
  if (!result.ok) return data({ errors: { [result.field]: result.error } as FieldErrors, vars: result.vars, created: null }, { status: 409 });
  return { errors: {} as FieldErrors, vars: {} as Record<string, string>, created: { name: parsed.data.name, email: parsed.data.adminEmail } };
}

export default function Organizations() {
  const { organizations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const err = (field: string) => (result?.errors[field] ? t(result.errors[field], result.vars) : undefined);
  return (
    <>
      <h1>{t("organizations")}</h1>
      <p>
        <Link to="/admin/onboarding">{t("bulkOnboarding")}</Link>
      </p>
      <section className="card">
        <h2>{t("createOrganization")}</h2>
        {/* A new key after each creation empties the form for the next one; a refused one keeps what was typed. */}
        <Form key={result?.created ? `${result.created.email}:${organizations.length}` : "new"} method="post" className="stack" noValidate>
          <div>
            <label htmlFor="org-kind">{t("kind")}</label>
            <select id="org-kind" name="kind" defaultValue="city">
              {(["ministry", "agency", "city"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`kind_${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field id="org-name" name="name" label={t("orgName")} error={err("name")} />
          <Field id="org-nameEn" name="nameEn" label={t("orgNameEn")} />
          <Field id="org-divisionCode" name="divisionCode" label={`${t("divisionCode")}（GB/T 2260）`} error={err("divisionCode")} />
          <Field id="org-province" name="province" label={t("province")} />
          <Field id="org-region" name="region" label={t("region")} />
          <Field id="org-tier" name="tier" label={t("tier")} />
          <Field id="org-population" name="population" label={t("population")} type="number" error={err("population")} />
          <Field id="org-adminEmail" name="adminEmail" label={t("adminEmail")} type="email" error={err("adminEmail")} />
          <button type="submit">{t("createOrganization")}</button>
          {/* Beside the button just pressed, where the eye is. */}
          {result?.created ? (
            <p className="notice" role="status">
              {t("orgCreated", result.created)}
            </p>
          ) : null}
        </Form>
      </section>
      <section className="card">
        <DataTable
          rows={organizations}
          rowKey={(o) => o.id}
          columns={[
            { header: t("orgName"), cell: (o) => localName(locale, o.name, o.nameEn) },
            { header: t("kind"), cell: (o) => t(`kind_${o.kind}`) },
            { header: t("divisionCode"), cell: (o) => o.divisionCode ?? "—" },
            { header: t("province"), cell: (o) => placeName(locale, o.province) },
          ]}
        />
      </section>
    </>
  );
}
