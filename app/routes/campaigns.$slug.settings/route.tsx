import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { formText, pageForm } from "~/platform/request-body.server";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CampaignSettingsFields, campaignChanges } from "~/features/campaigns";
import { CohortEditor } from "./cohort-editor";
import { pageWithin } from "~/platform/paging";
import { CohortBulkAdd, type BulkPreview } from "./cohort-bulk-add";
import { ConfirmAction } from "~/ui/confirm-action";
import { Field } from "~/ui/field";
import {
  campaignSettingsSchema,
  addCohortCities,
  cityFacets,
  closeCampaign,
  cohortCandidates,
  readCodesFile,
  selectCohortCities,
  type CohortSelection,
  cohortEntrySchema,
  extendDeadlines,
  extendDeadlinesSchema,
  openCampaign,
  removeCohortEntry,
  setCohortEntry,
  settingsOfRow,
  updateDraftSettings,
} from "~/features/campaigns/index.server";
import { visibleCohort } from "~/features/campaigns/index.server";
import { parseForm, type FieldErrors } from "~/platform/forms";
import { problemText, problemVarTexts, ProblemError, useT, type Problem, useLocale, localName, termKey, refusal, problem } from "~/features/i18n";
import { requireCampaign } from "~/features/access/index.server";
import { auditTrail } from "~/features/audit/index.server";
import { AuditTrailTable } from "~/features/audit";

/** Cohort entries the editor shows per page. */
const COHORT_PAGE_SIZE = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "manage:campaign");
  const cohortSize = resource.cohort.length;
  const paging = pageWithin(cohortSize, COHORT_PAGE_SIZE, new URL(request.url).searchParams.get("page"));
  const { cohort, candidates, facets, history } = await scoped(async (db) => ({
    cohort: await visibleCohort(db, user.actor, resource, { offset: paging.offset, limit: COHORT_PAGE_SIZE }),
    candidates: await cohortCandidates(db, resource.campaignId),
    facets: await cityFacets(db),
    history: await auditTrail(db, resource.campaignId, "campaign", resource.campaignId, { limit: 100 }),
  }));
  const assessorsOf = new Map(resource.cohort.map((e) => [e.cityOrgId, e.agencyOrgIds]));
  return {
    campaign: { slug: resource.slug, status: resource.row.status, frameworkRef: resource.row.frameworkRef, nameZh: resource.row.nameZh, nameEn: resource.row.nameEn },
    settings: settingsOfRow(resource.row),
    changes: campaignChanges(resource.row.status),
    cohort: cohort.map((c) => {
      const [agencyOrgId, secondAgencyOrgId] = assessorsOf.get(c.cityOrgId)!;
      return { cityOrgId: c.cityOrgId, cityName: c.cityName, divisionCode: c.divisionCode, status: c.status, agencyOrgId: agencyOrgId!, secondAgencyOrgId: secondAgencyOrgId ?? null };
    }),
    candidates,
    facets,
    history,
    // The whole cohort at a glance (what opening the campaign commits to), whatever page the editor shows.
    cohortTotals: { cities: cohortSize, agencies: new Set(resource.cohort.flatMap((e) => e.agencyOrgIds)).size },
    paging,
  };
}

const bulkAssessors = z
  .object({ agencyOrgId: z.string().min(1, "required"), secondAgencyOrgId: z.string().optional().transform((v) => v || null) });

/** What a bulk addition takes: a codes file (or, on confirmation, the codes it held), else the province and tier filters. */
async function bulkSelection(form: FormData): Promise<CohortSelection | { problem: Problem }> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    const read = await readCodesFile(new Uint8Array(await file.arrayBuffer()));
    return "problem" in read ? read : { by: "codes", codes: read.codes };
  }
  const codes = formText(form, "codes").split(/\s+/).filter(Boolean);
  if (codes.length) return { by: "codes", codes: codes.map((code, i) => ({ code, row: i + 1 })) };
  const province = formText(form, "province");
  const tier = formText(form, "tier");
  if (!province && !tier) return { problem: problem("p_cohortChooseSelection") };
  return { by: "filter", province, tier };
}

const reasonOnly = z.object({ reason: z.string().trim().max(500, "tooLong").optional() });
const removal = z.object({ cityOrgId: z.string().min(1, "required"), reason: z.string().trim().max(500, "tooLong").optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { resource, user, scoped } = await requireCampaign(request, params, "manage:campaign");
  const form = await pageForm(request, user.locale);
  const intent = String(form.get("intent"));
  const fail = (errors: FieldErrors, vars: Record<string, string | number> = {}, status = 400) => data({ intent, done: false, errors, vars }, { status });
  const id = resource.campaignId;
  return scoped(async (db) => {
    try {
      switch (intent) {
        case "settings": {
          const parsed = parseForm(campaignSettingsSchema, form);
          if (parsed.errors) return fail(parsed.errors);
          await updateDraftSettings(db, id, user.id, parsed.data);
          break;
        }
        case "deadlines": {
          const parsed = parseForm(extendDeadlinesSchema, form);
          if (parsed.errors) return fail(parsed.errors);
          await extendDeadlines(db, id, user.id, parsed.data);
          break;
        }
        case "cohort-set": {
          const parsed = parseForm(cohortEntrySchema, form);
          if (parsed.errors) return fail(parsed.errors);
          await setCohortEntry(db, id, user.id, parsed.data);
          break;
        }
        case "cohort-remove": {
          const parsed = parseForm(removal, form);
          if (parsed.errors) return fail(parsed.errors);
          await removeCohortEntry(db, id, user.id, parsed.data.cityOrgId, parsed.data.reason || null);
          break;
        }
        case "cohort-bulk-preview":
        case "cohort-bulk-add": {
          const parsed = parseForm(bulkAssessors, form);
          if (parsed.errors) return fail(parsed.errors);
          const selection = await bulkSelection(form);
          if ("problem" in selection) return fail({ form: selection.problem.key }, problemVarTexts(user.locale, selection.problem));
          const chosen = await selectCohortCities(db, id, selection);
          const problems = chosen.problems.slice(0, 100).map((p) => ({ row: p.row, code: p.code, message: problemText(user.locale, p.problem) }));
          if (intent === "cohort-bulk-preview" || chosen.problems.length) {
            const codes = selection.by === "codes" ? selection.codes.map((c) => c.code).join("\n") : "";
            const preview = { count: chosen.cities.length, alreadyIn: chosen.alreadyIn, problemCount: chosen.problems.length, problems, sample: chosen.cities.slice(0, 8).map((c) => `${c.code} ${c.name}`), selection: { ...selection, codes }, ...parsed.data };
            return data({ intent: "cohort-bulk-preview", done: false, errors: {} as FieldErrors, vars: {} as Record<string, string | number>, preview }, { status: chosen.problems.length ? 400 : 200 });
          }
          const added = await addCohortCities(db, id, user.id, { cityOrgIds: chosen.cities.map((c) => c.id), ...parsed.data });
          return { intent, done: true, errors: {} as FieldErrors, vars: { count: added } as Record<string, string | number> };
        }
        case "open":
          await openCampaign(db, id, user.id);
          break;
        case "close": {
          const parsed = parseForm(reasonOnly, form);
          if (parsed.errors) return fail(parsed.errors);
          await closeCampaign(db, id, user.id, parsed.data.reason || null);
          break;
        }
        default:
          throw refusal(user.locale, 400, problem("p_unknownIntent", { intent }));
      }
    } catch (e) {
      if (e instanceof ProblemError) return fail({ [e.field ?? "form"]: e.problem.key }, problemVarTexts(user.locale, e.problem), e.status);
      throw e;
    }
    return { intent, done: true, errors: {} as FieldErrors, vars: {} as Record<string, string | number> };
  });
}

export default function CampaignSettings() {
  const { campaign: c, settings, changes, cohort, candidates, facets, history, cohortTotals, paging } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const errorsOf = (intent: string) => (result?.intent === intent ? result.errors : {});
  const message = (intent: string) => {
    const e = errorsOf(intent);
    const key = e.form ?? Object.values(e)[0];
    return key ? <p className="form-error" role="alert">{t(key, result?.vars)}</p> : result?.intent === intent && result.done ? <p className="notice" role="status">{t("settingsSaved")}</p> : null;
  };
  const fieldErrors = (intent: string) => Object.fromEntries(Object.entries(errorsOf(intent)).filter(([k]) => k !== "form"));
  // Fields whose errors come with values (deadlineOnlyLater) read their message from `vars`.
  const translatedErrors = (intent: string) => Object.fromEntries(Object.entries(fieldErrors(intent)).map(([k, v]) => [k, t(v, result?.vars)]));
  const busy = navigation.state !== "idle";
  const bulkFailure = result && !result.done && (result.intent === "cohort-bulk-preview" || result.intent === "cohort-bulk-add") ? (result.errors.form ?? Object.values(result.errors)[0]) : undefined;
  const bulkError = bulkFailure ? <p className="form-error" role="alert">{t(bulkFailure, result?.vars)}</p> : null;
  return (
    <>
      <p>
        <Link to={`/campaigns/${c.slug}`}>← {t("back")}</Link>
      </p>
      <h1>
        {t("manageCampaign")}：{localName(locale, c.nameZh, c.nameEn)}
      </h1>
      {search.get("created") ? (
        <p className="notice" role="status">
          {t("campaignCreated")}
        </p>
      ) : null}

      <section className="card" aria-labelledby="lifecycle">
        <h2 id="lifecycle">{t("lifecycle")}</h2>
        <p>
          <span className="badge">{t(`status_${c.status}`)}</span> · {t("framework")}: <code>{c.frameworkRef}</code> · {t("cohortSize")}: {cohortTotals.cities}
        </p>
        {message("open")}
        {message("close")}
        {changes.open ? (
          <Form method="post">
            <p className="muted">{t("openCampaignHint")}</p>
            <ConfirmAction label={t("openCampaign")} title={t("openConfirmTitle")} confirmLabel={t("openConfirm")} value="open" disabled={busy} blocked={cohortTotals.cities === 0}>
              {cohortTotals.cities === 0 ? (
                <p className="form-error">{t("openConfirmEmpty")}</p>
              ) : (
                <>
                  <p>{t("openConfirmCohort", cohortTotals)}</p>
                  <p>{t("openConfirmFrozen", { framework: c.frameworkRef })}</p>
                </>
              )}
            </ConfirmAction>
          </Form>
        ) : null}
        {changes.close ? (
          <Form method="post" className="stack">
            <p className="muted">{t("closeCampaignHint")}</p>
            <Field id="close-reason" name="reason" label={t("changeReason")} />
            <div>
              <ConfirmAction label={t("closeCampaign")} title={t("closeConfirmTitle")} confirmLabel={t("closeCampaign")} value="close" disabled={busy} danger>
                <p>{t("closeConfirm")}</p>
              </ConfirmAction>
            </div>
          </Form>
        ) : null}
      </section>

      {changes.settings ? (
        <section className="card" aria-labelledby="settings">
          <h2 id="settings">{t("manageCampaign")}</h2>
          {message("settings")}
          <Form method="post" className="stack" noValidate>
            <CampaignSettingsFields values={settings} errors={fieldErrors("settings")} />
            <p className="muted">{t("methodFrozenHint")}</p>
            <button type="submit" name="intent" value="settings" disabled={busy}>
              {t("saveSettings")}
            </button>
          </Form>
        </section>
      ) : null}

      {/* While the settings are open, the deadlines are among them; afterwards they only move later, with a reason. */}
      {changes.deadlines && !changes.settings ? (
        <section className="card" aria-labelledby="deadlines">
          <h2 id="deadlines">{t("extendDeadlines")}</h2>
          <p className="muted">
            {t("scoringMethod")}: {t(termKey("normalise", settings.normalise))} · {t(termKey("aggregate", settings.aggregate))} · {t(termKey("impute", settings.impute))} · {t("dataThreshold")} {settings.dataThreshold}
          </p>
          {message("deadlines")}
          <Form method="post" className="stack" noValidate>
            <Field id="deadline-submission" name="submissionDeadline" type="date" label={t("submissionDeadline")} defaultValue={settings.submissionDeadline} error={translatedErrors("deadlines").submissionDeadline} />
            <Field id="deadline-review" name="reviewDeadline" type="date" label={t("reviewDeadline")} defaultValue={settings.reviewDeadline} error={translatedErrors("deadlines").reviewDeadline} />
            <Field id="deadline-reason" name="reason" label={t("changeReason")} />
            <button type="submit" name="intent" value="deadlines" disabled={busy}>
              {t("extendDeadlines")}
            </button>
          </Form>
        </section>
      ) : null}

      <CohortEditor
        cohort={cohort}
        candidates={candidates}
        editable={changes.cohort}
        busy={busy}
        message={(intent) => message(intent)}
        paging={paging}
      />
      {changes.cohort ? (
        <CohortBulkAdd agencies={candidates.agencies} facets={facets} busy={busy} result={(result as { preview?: BulkPreview } | undefined)?.preview ?? null} message={result?.intent === "cohort-bulk-add" && result.done ? t("cohortBulkAdded", result.vars) : null} error={bulkError} />
      ) : null}

      <section className="card" aria-labelledby="history">
        <h2 id="history">{t("campaignHistory")}</h2>
        {history.length === 0 ? <p className="muted">{t("historyEmpty")}</p> : null}
        {history.length ? <AuditTrailTable entries={history} /> : null}
      </section>
    </>
  );
}
