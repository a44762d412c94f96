import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { decide } from "~/features/access/index.server";
import { campaignsUsing, frameworkEvents, refOf, requireFrameworkVersion, versionsOf } from "~/features/frameworks/index.server";
import { formatDateTime, localText, termKey, useLocale, useT } from "~/features/i18n";
import { frameworkProblems, weightShares, flattenFramework } from "../../../indicators";
import { ConfirmAction } from "~/ui/confirm-action";
import { runVersionIntent } from "./actions.server";
import { FrameworkTree } from "./framework-tree";
import { ValidationRules } from "./validation-rules";
import { SharesChart } from "./shares-chart";
import { FRAMEWORK_FORMATS, ProblemList } from "~/features/frameworks";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, version, scoped } = await requireFrameworkVersion(request, refOf(params), "read:framework");
  const canManage = decide(user.actor, "manage:framework", version.resource).allowed;
  const document = version.row.document;
  const { campaigns, versions, events } = await scoped(async (db) => ({
    campaigns: await campaignsUsing(db, version.row.ref),
    versions: await versionsOf(db, version.row.frameworkId),
    events: canManage ? await frameworkEvents(db, version.row.frameworkId) : [],
  }));
  const flat = flattenFramework(document);
  return {
    ref: version.row.ref,
    frameworkId: version.row.frameworkId,
    status: version.row.status,
    contentHash: version.row.contentHash,
    basedOn: version.row.basedOn,
    publishedAt: version.row.publishedAt?.toISOString() ?? null,
    revision: version.row.updatedAt.toISOString(),
    shared: version.ownerOrgId === null,
    document,
    shares: weightShares(document),
    depth: Math.max(...flat.map((f) => f.depth)),
    unconfirmed: flat.some((f) => f.node.confirmed === false),
    problems: version.row.status === "draft" ? frameworkProblems(document) : [],
    campaigns,
    versions: versions.map((v) => ({ ref: v.ref, version: v.version, status: v.status })),
    events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), actorName: e.actorName, action: e.action, ref: e.ref })),
    canManage,
    canCreate: decide(user.actor, "create:framework", { type: "platform" }).allowed,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const outcome = await runVersionIntent(request, refOf(params));
  if ("redirect" in outcome) return redirect(outcome.redirect);
  return data(outcome, { status: outcome.status ?? 200 });
}

export default function FrameworkVersionPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = search.get("done");
  return (
    <>
      <p>
        <Link to="/frameworks">{t("frameworkLibrary")}</Link>
      </p>
      <h1>
        {localText(locale, d.document.name)} <span className="badge">{t(termKey("frameworkStatus", d.status))}</span>
      </h1>
      <p className="muted">
        <code>{d.ref}</code>
        {d.contentHash ? (
          <>
            {" "}
            · {t("contentHash")}: <code className="hash">{d.contentHash}</code>
          </>
        ) : null}
        {d.publishedAt ? ` · ${t("publishedOn", { date: formatDateTime(locale, d.publishedAt) })}` : ""}
        {d.basedOn ? (
          <>
            {" "}
            · {t("basedOn")}: <code>{d.basedOn}</code>
          </>
        ) : null}
      </p>
      <p>{localText(locale, d.document.description)}</p>
      {/* The source is a citation in one language (the standard's or the authors'); readers in Chinese have the bilingual description above. */}
      {d.document.source && locale === "en" ? (
        <p className="muted">
          {t("sourceLabel")}: {d.document.source}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done === "published" ? t("published", { hash: d.contentHash ?? "" }) : done === "copied" ? t("frameworkCopied", { ref: d.ref }) : t("frameworkImported", { ref: d.ref })}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {d.unconfirmed ? <p className="notice unconfirmed-note">{t("unconfirmedHint")}</p> : null}

      <section className="card actions-row">
        <p>
          {t("exportAs")}:{" "}
          {FRAMEWORK_FORMATS.map((f, i) => (
            <span key={f}>
              {i ? " · " : ""}
              <a href={`/frameworks/${d.frameworkId}/${d.document.version}/export?format=${f}`} download>
                {t(termKey("export", f))}
              </a>
            </span>
          ))}
        </p>
        {d.status === "draft" && d.canManage ? (
          <>
            <p>
              <Link to="edit" className="button">
                {t("editDraft")}
              </Link>
            </p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="revision" value={d.revision} />
              <ConfirmAction label={t("publishVersion")} title={t("publishTitle", { ref: d.ref })} confirmLabel={t("frameworkPublishConfirm")} value="publish" disabled={busy} blocked={d.problems.length > 0}>
                {d.problems.length ? (
                  <>
                    <p className="form-error">{t("publishBlocked", { count: d.problems.length })}</p>
                    <ProblemList problems={d.problems} document={d.document} />
                  </>
                ) : (
                  <p>{t("publishExplain")}</p>
                )}
              </ConfirmAction>
              <ConfirmAction label={t("deleteDraft")} title={t("deleteDraftTitle", { ref: d.ref })} confirmLabel={t("deleteDraftConfirm")} value="deleteDraft" danger disabled={busy}>
                <p>{t("deleteDraftExplain")}</p>
              </ConfirmAction>
            </Form>
          </>
        ) : null}
        {d.canManage ? (
          <details>
            <summary>{t("newVersion")}</summary>
            <Form method="post" className="stack">
              <p className="muted">{t("newVersionHint")}</p>
              <input type="hidden" name="intent" value="newVersion" />
              <input type="hidden" name="fromRef" value={d.ref} />
              <div>
                <label htmlFor="new-version">{t("frameworkVersionField")}</label>
                <input id="new-version" name="version" required defaultValue={result && "values" in result ? (result.values?.version ?? "") : ""} placeholder="1.1.0" />
                <p className="muted">{t("frameworkVersionHint")}</p>
              </div>
              <button type="submit" disabled={busy}>
                {t("createVersion")}
              </button>
            </Form>
          </details>
        ) : null}
        {d.versions.length > 1 || d.basedOn ? (
          <Form method="get" action="/frameworks/diff" className="inline-form">
            <div>
              <label htmlFor="diff-from">{t("compareFrom")}</label>
              <select id="diff-from" name="from" defaultValue={d.basedOn ?? d.versions.find((v) => v.ref !== d.ref)?.ref}>
                {[...new Set([...(d.basedOn ? [d.basedOn] : []), ...d.versions.map((v) => v.ref)])].map((ref) => (
                  <option key={ref} value={ref}>
                    {ref}
                  </option>
                ))}
              </select>
            </div>
            <input type="hidden" name="to" value={d.ref} />
            <button type="submit" className="secondary">
              {t("compare")} → {d.ref}
            </button>
          </Form>
        ) : null}
      </section>

      {d.status === "draft" ? (
        <section className="card">
          {d.problems.length ? (
            <>
              <h2>{t("draftProblems")}</h2>
              <ProblemList problems={d.problems} document={d.document} />
            </>
          ) : (
            <p className="notice">{t("draftValid")}</p>
          )}
        </section>
      ) : null}

      <SharesChart document={d.document} shares={d.shares} />
      <FrameworkTree document={d.document} shares={d.shares} />
      {d.document.rules?.length ? <ValidationRules rules={d.document.rules} /> : null}

      <section className="card">
        <h2>{t("campaignsUsingVersion")}</h2>
        {d.campaigns.length ? (
          <ul>
            {d.campaigns.map((c) => (
              <li key={c.slug}>
                <Link to={`/campaigns/${c.slug}`}>{locale === "en" ? c.nameEn : c.nameZh}</Link> ({c.year}) <span className="badge">{t(termKey("status", c.status))}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("noCampaignsUseVersion")}</p>
        )}
      </section>

      {d.events.length ? (
        <details className="card history">
          <summary>
            <h2>{t("frameworkHistory")}</h2>
          </summary>
          <ul>
            {d.events.map((e) => (
              <li key={e.id}>
                {formatDateTime(locale, e.at)} · {e.actorName ?? "—"} · {t(termKey("frameworkEvent", e.action))} {e.ref ? <code>{e.ref}</code> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
