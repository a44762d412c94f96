import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CampaignSettingsFields } from "~/features/campaigns";
import { Field } from "~/ui/field";
import { createCampaign, newCampaignSchema } from "~/features/campaigns/index.server";
import { campaignFrameworkChoices } from "~/features/frameworks/index.server";
import { parseForm, type FieldErrors } from "~/platform/forms";
import { localText, problemVarTexts, ProblemError, useLocale, useT } from "~/features/i18n";
import { requireUserWithPermission, withTenantScope } from "~/features/access/index.server";
import { type SessionUser } from "~/features/accounts/index.server";

const ownMinistry = (user: SessionUser) => ({ type: "organization" as const, orgId: user.activeOrgId ?? "" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "create:campaign", ownMinistry);
  const choices = await withTenantScope(user.actor, (db) => campaignFrameworkChoices(db, user.activeOrgId!));
  const year = new Date().getFullYear() + 1;
  return {
    frameworks: choices.map((c) => ({ ref: c.ref, name: c.document.name })),
    defaults: {
      slug: `pilot-${year}`,
      nameZh: `${year}年度智慧城市试点第三方评估`,
      nameEn: `${year} third-party evaluation of smart-city pilots`,
      year,
      submissionDeadline: `${year}-06-30`,
      reviewDeadline: `${year}-09-30`,
      // COINr's defaults: min-max to 0–100, arithmetic mean, no imputation; a node needs half its children.
      normalise: "minmax",
      aggregate: "arithmetic",
      impute: "none",
      dataThreshold: 0.5,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "create:campaign", ownMinistry);
  const form = await pageForm(request, user.locale);
  const values = Object.fromEntries(form) as Record<string, string>;
  const parsed = parseForm(newCampaignSchema, form);
  if (parsed.errors) return data({ errors: parsed.errors, values, vars: {} as Record<string, string> }, { status: 400 });
  try {
    const slug = await withTenantScope(user.actor, (db) => createCampaign(db, user.activeOrgId!, user.id, parsed.data));
    return redirect(`/campaigns/${slug}/settings?created=1`);
  } catch (e) {
    if (e instanceof ProblemError) return data({ errors: { [e.field ?? "form"]: e.problem.key } as FieldErrors, values, vars: problemVarTexts(user.locale, e.problem) }, { status: e.status });
    throw e;
  }
}

export default function NewCampaign() {
  const { frameworks, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values: typeof defaults & { frameworkRef?: string } = { ...defaults, ...result?.values };
  const errors = result?.errors ?? {};
  const vars = result?.vars;
  return (
    <>
      <h1>{t("newCampaign")}</h1>
      <Form method="post" className="card stack" noValidate>
        <Field id="campaign-slug" name="slug" label={t("campaignSlug")} defaultValue={values.slug} error={errors.slug ? t(errors.slug, vars) : undefined} />
        <p className="muted">{t("campaignSlugHint")}</p>
        <div>
          <label htmlFor="campaign-frameworkRef">{t("framework")}</label>
          <select id="campaign-frameworkRef" name="frameworkRef" defaultValue={values.frameworkRef ?? frameworks[0]?.ref} aria-invalid={errors.frameworkRef ? true : undefined}>
            {frameworks.map((f) => (
              <option key={f.ref} value={f.ref}>
                {localText(locale, f.name)} ({f.ref})
              </option>
            ))}
          </select>
          {errors.frameworkRef ? <p className="field-error">{t(errors.frameworkRef, vars)}</p> : null}
          <p className="muted">{t("frameworkFrozenHint")}</p>
        </div>
        <CampaignSettingsFields values={values} errors={errors} />
        <button type="submit">{t("createCampaign")}</button>
      </Form>
    </>
  );
}
