import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { checkOnboardingFile, confirmOnboarding, localizeOnboardingProblems, recentOnboardings, type OnboardingProblem } from "~/features/accounts/index.server";
import { requireUserWithPermission } from "~/features/access/index.server";
import { problem, ProblemError, refusal, termKey, useLocale, useT, type Locale } from "~/features/i18n";
import { getDb } from "~/platform/db.server";
import { formText, pageForm, readUploadForm } from "~/platform/request-body.server";
import { ConfirmAction } from "~/ui/confirm-action";
import { DataTable } from "~/ui/data-table";
import { formatBytes } from "~/ui/format-bytes";

const PLATFORM = { type: "platform" } as const;
/** 25,000 rows of nine columns fit in a few megabytes, in CSV or XLSX. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** What a page lists of a bad file; the count says how many more there are. */
const PROBLEMS_SHOWN = 200;

const problemList = (locale: Locale, problems: OnboardingProblem[]) => ({ count: problems.length, shown: localizeOnboardingProblems(locale, problems.slice(0, PROBLEMS_SHOWN)) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:organizations", PLATFORM);
  const imports = await recentOnboardings(await getDb());
  return {
    imports: imports.map(({ problems, ...row }) => ({ ...row, problems: problems ? problemList(user.locale, problems as OnboardingProblem[]) : null })),
  };
}

async function checkIntent(request: Request, locale: Locale, userId: string) {
  let form: FormData;
  try {
    form = await readUploadForm(request, MAX_FILE_BYTES, problem("p_onboardTooLarge", { limit: formatBytes(MAX_FILE_BYTES) }));
  } catch (error) {
    if (error instanceof ProblemError) return data({ problems: problemList(locale, [{ row: 0, column: "", problem: error.problem }]), checked: null }, { status: error.status });
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return data({ problems: problemList(locale, [{ row: 0, column: "", problem: problem("p_onboardChooseFile") }]), checked: null }, { status: 400 });
  const result = await checkOnboardingFile(await getDb(), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, userId);
  if (!result.ok) return data({ problems: problemList(locale, result.problems), checked: null }, { status: 400 });
  return { problems: null, checked: { ...result, file: file.name } };
}

async function confirmIntent(request: Request, locale: Locale) {
  const form = await pageForm(request, locale);
  try {
    await confirmOnboarding(await getDb(), formText(form, "importId"));
    return { problems: null, checked: null };
  } catch (error) {
    if (error instanceof ProblemError) return data({ problems: problemList(locale, [{ row: 0, column: "", problem: error.problem }]), checked: null }, { status: error.status });
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:organizations", PLATFORM);
  // The intent travels in the address: a multipart upload must be bounded before any of its fields is read.
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "check") return checkIntent(request, user.locale, user.id);
  if (intent === "confirm") return confirmIntent(request, user.locale);
  throw refusal(user.locale, 400, problem("p_onboardUnknownIntent"));
}

function ProblemTable({ problems }: { problems: { count: number; shown: { row: number; column: string; message: string }[] } }) {
  const t = useT();
  return (
    <>
      <DataTable
        rows={problems.shown}
        rowKey={(p) => `${p.row}:${p.column}:${p.message}`}
        columns={[
          { header: t("onboardingRow"), cell: (p) => (p.row ? String(p.row) : "—") },
          { header: t("onboardingColumn"), cell: (p) => p.column || "—" },
          { header: t("onboardingProblem"), cell: (p) => p.message },
        ]}
      />
      {problems.count > problems.shown.length ? <p>{t("onboardingMoreProblems", { count: problems.count - problems.shown.length })}</p> : null}
    </>
  );
}

export default function Onboarding() {
  const { imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = imports.some((i) => i.status === "running");
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const kinds = (byKind: Record<string, number>) =>
    Object.entries(byKind)
      .map(([kind, n]) => `${t(termKey("kind", kind))} ${n}`)
      .join(locale === "en" ? ", " : "、");
  return (
    <>
      <h1>{t("bulkOnboarding")}</h1>
      <section className="card stack">
        <p>{t("bulkOnboardingIntro")}</p>
        <p>{t("onboardingColumnsHelp")}</p>
        <p>
          <a href="/admin/onboarding/template.csv" download>
            {t("onboardingTemplate")}
          </a>
        </p>
        <Form method="post" action="/admin/onboarding?intent=check" encType="multipart/form-data" className="stack">
          <div>
            <label htmlFor="onboarding-file">{t("onboardingFile")}</label>
            <input id="onboarding-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </div>
          <button type="submit" disabled={navigation.state !== "idle"}>
            {t("onboardingCheck")}
          </button>
        </Form>
        {result?.problems ? (
          <div role="alert">
            <p className="field-error">{t("onboardingProblems", { count: result.problems.count })}</p>
            <ProblemTable problems={result.problems} />
          </div>
        ) : null}
        {result?.checked ? (
          <p role="status" className="notice">
            {t("onboardingChecked", { file: result.checked.file, organizations: result.checked.organizations, invitations: result.checked.invitations, kinds: kinds(result.checked.byKind) })}
          </p>
        ) : null}
      </section>
      {imports.length ? (
        <section className="card" aria-live="polite">
          <h2>{t("onboardingHistory")}</h2>
          <ul className="stack plain-list">
            {imports.map((i) => (
              <li key={i.id} data-testid={`onboarding-${i.id}`}>
                <p>
                  <strong>{i.fileName}</strong> · {i.by} · {new Date(i.createdAt).toLocaleString(locale, { timeZone: "Asia/Shanghai" })} · <span data-testid="onboarding-status">{t(termKey("onboardStatus", i.status))}</span>
                </p>
                <p>
                  {t("onboardingChecked", { file: i.fileName, organizations: i.organizations, invitations: i.invitations, kinds: kinds(i.byKind) })}
                </p>
                {i.status === "checked" ? (
                  <Form method="post" action="/admin/onboarding?intent=confirm">
                    <input type="hidden" name="importId" value={i.id} />
                    <ConfirmAction label={t("onboardingConfirm")} title={t("onboardingConfirmTitle", { organizations: i.organizations })} confirmLabel={t("onboardingConfirm")} value="confirm">
                      <p>{t("onboardingConfirmBody", { organizations: i.organizations, invitations: i.invitations })}</p>
                    </ConfirmAction>
                  </Form>
                ) : null}
                {i.status === "running" || i.status === "done" ? (
                  <>
                    <progress max={i.organizations} value={i.done} aria-label={t("onboardingProgress", { done: i.done, total: i.organizations })} style={{ width: "100%" }} />
                    <p>
                      {t("onboardingProgress", { done: i.done, total: i.organizations })}
                      {i.status === "running" ? ` · ${t("onboardingRunning")}` : null}
                    </p>
                  </>
                ) : null}
                {i.status === "failed" && i.problems ? (
                  <div role="alert">
                    <p className="field-error">{t("onboardingRunProblems")}</p>
                    <ProblemTable problems={i.problems} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
