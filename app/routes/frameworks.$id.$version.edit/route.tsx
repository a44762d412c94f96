import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { refOf, requireFrameworkVersion } from "~/features/frameworks/index.server";
import { ProblemList } from "~/features/frameworks";
import { localText, useLocale, useT } from "~/features/i18n";
import { flattenFramework, frameworkProblems, isIndicator } from "../../../indicators";
import { pageForm } from "~/platform/request-body.server";
import { runEditIntent } from "./actions.server";
import { AddNodeForm } from "./add-node-form";
import { NodePanel } from "./node-panel";
import { SettingsForm } from "./settings-form";
import { WeightsForm } from "./weights-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { version } = await requireFrameworkVersion(request, refOf(params), "manage:framework");
  // A published version is read, never edited: its address stays, the editor sends the reader to it.
  if (version.row.status !== "draft") throw redirect(`/frameworks/${version.row.frameworkId}/${version.row.version}`);
  const document = version.row.document;
  return {
    ref: version.row.ref,
    revision: version.row.updatedAt.toISOString(),
    document,
    problems: frameworkProblems(document),
    groups: flattenFramework(document).filter((f) => !isIndicator(f.node)).map((f) => ({ code: f.node.code, name: f.node.name, depth: f.depth })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, version, scoped } = await requireFrameworkVersion(request, refOf(params), "manage:framework");
  const form = await pageForm(request, user.locale);
  const intent = String(form.get("intent") ?? "");
  const outcome = await scoped((db) => runEditIntent(db, { userId: user.id, ref: version.row.ref, document: version.row.document, locale: user.locale, form }));
  return data({ intent, code: String(form.get("code") ?? ""), ...outcome }, { status: outcome.ok ? 200 : 400 });
}

export type EditorAction = typeof action;

export default function FrameworkEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [search] = useSearchParams();
  const selected = search.get("node");
  const base = `/frameworks/${d.document.id}/${d.document.version}`;
  return (
    <>
      <p>
        <Link to={base}>← {d.ref}</Link>
      </p>
      <h1>
        {t("editDraft")}: {localText(locale, d.document.name)} <code>{d.ref}</code>
      </h1>
      <p className="muted">{t("editorIntro")}</p>
      {result?.ok ? (
        <p className="notice" role="status" data-testid="editor-outcome">
          {t(result.done, result.vars)}
        </p>
      ) : null}
      {result && !result.ok && result.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      <section className="card" aria-live="polite">
        {d.problems.length ? (
          <>
            <h2>{t("draftProblems")}</h2>
            <ProblemList problems={d.problems} document={d.document} />
          </>
        ) : (
          <p className="notice">{t("draftValid")}</p>
        )}
        <p>
          <Link to={base}>{t("publishVersion")} →</Link>
        </p>
      </section>
      <WeightsForm key={d.revision} document={d.document} revision={d.revision} />
      {selected ? <NodePanel key={`${selected}-${d.revision}`} code={selected} document={d.document} groups={d.groups} revision={d.revision} /> : null}
      <AddNodeForm groups={d.groups} revision={d.revision} />
      <SettingsForm key={`settings-${d.revision}`} document={d.document} revision={d.revision} />
    </>
  );
}
