import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { decide, requirePermission, requireUserWithPermission, withTenantScope } from "~/features/access/index.server";
import { listLibrary } from "~/features/frameworks/index.server";
import { formatDate, localText, termKey, useLocale, useT } from "~/features/i18n";
import { copyFramework, importFramework } from "./actions.server";
import { ImportForm } from "./import-form";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:framework-library", { type: "platform" });
  const library = await withTenantScope(user.actor, (db) => listLibrary(db, user.actor));
  return {
    library: library.map((f) => ({ ...f, versions: f.versions.map((v) => ({ ...v, publishedAt: v.publishedAt?.toISOString() ?? null })) })),
    canCreate: decide(user.actor, "create:framework", { type: "platform" }).allowed,
    isMinistry: user.actor.membership?.kind === "ministry",
    isPlatformAdmin: user.actor.platformAdmin,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "create:framework", { type: "platform" });
  requirePermission(user, "read:framework-library", { type: "platform" });
  const intent = new URL(request.url).searchParams.get("intent");
  const outcome = intent === "import" ? await importFramework(request, user) : await copyFramework(request, user);
  if ("ref" in outcome) {
    const [id, version] = outcome.ref.split("@");
    return redirect(`/frameworks/${id}/${version}?done=${intent === "import" ? "imported" : "copied"}`);
  }
  return data(outcome, { status: outcome.status });
}

export default function FrameworkLibrary() {
  const { library, canCreate, isMinistry, isPlatformAdmin } = useLoaderData<typeof loader>();
  const t = useT();
  const [search] = useSearchParams();
  const own = library.filter((f) => !f.shared);
  const shared = library.filter((f) => f.shared);
  return (
    <>
      <h1>{t("frameworkLibrary")}</h1>
      <p className="muted">{t("frameworkLibraryIntro")}</p>
      {search.get("done") === "deleted" ? (
        <p className="notice" role="status">
          {t("draftDeleted")}
        </p>
      ) : null}
      {isMinistry ? (
        <section className="card">
          <h2>{t("ownFrameworks")}</h2>
          {own.length ? <LibraryTable entries={own} canCopy={false} /> : <p className="muted">{t("noOwnFrameworks")}</p>}
        </section>
      ) : null}
      <section className="card">
        <h2>{t("sharedLibrary")}</h2>
        <LibraryTable entries={shared} canCopy={canCreate && (isMinistry || isPlatformAdmin)} />
      </section>
      {canCreate ? <ImportForm /> : null}
    </>
  );
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["library"][number];

function LibraryTable({ entries, canCopy }: { entries: Entry[]; canCopy: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="framework-list">
      {entries.map((f) => {
        const latest = f.versions.find((v) => v.status === "published") ?? f.versions[0]!;
        return (
          <li key={f.id} className="framework-entry">
            <h3>
              <Link to={`/frameworks/${f.id}/${latest.version}`}>{localText(locale, latest.name)}</Link> <code>{latest.ref}</code>
            </h3>
            <p>
              {t("frameworkVersions")}:{" "}
              {f.versions.map((v, i) => (
                <span key={v.ref}>
                  {i ? " · " : ""}
                  <Link to={`/frameworks/${f.id}/${v.version}`}>{v.version}</Link> <span className="badge">{t(termKey("frameworkStatus", v.status))}</span>
                  {v.publishedAt ? <span className="muted"> {t("publishedOn", { date: formatDate(locale, v.publishedAt) })}</span> : null}
                </span>
              ))}
            </p>
            {canCopy && latest.status === "published" ? <CopyForm fromRef={latest.ref} name={latest.name} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function CopyForm({ fromRef, name }: { fromRef: string; name: { zh: string; en: string } }) {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const mine = result && "fromRef" in result && result.fromRef === fromRef ? result : null;
  const error = (field: string) => (mine?.errors[field] ? <p className="field-error" id={`copy-${fromRef}-${field}-error`}>{mine.errors[field]}</p> : null);
  const id = (field: string) => `copy-${fromRef}-${field}`;
  return (
    <details open={!!mine}>
      <summary>{t("copyFramework")}</summary>
      <Form method="post" action="?index&intent=copy" className="stack">
        <p className="muted">{t("copyFrameworkHint")}</p>
        <input type="hidden" name="fromRef" value={fromRef} />
        {error("form")}
        <div>
          <label htmlFor={id("id")}>{t("newFrameworkId")}</label>
          <input id={id("id")} name="id" required defaultValue={mine?.values.id ?? ""} aria-invalid={mine?.errors.id ? true : undefined} aria-describedby={mine?.errors.id ? `${id("id")}-error` : undefined} />
          <p className="muted">{t("newFrameworkIdHint")}</p>
          {error("id")}
        </div>
        <div>
          <label htmlFor={id("version")}>{t("frameworkVersionField")}</label>
          <input id={id("version")} name="version" defaultValue={mine?.values.version ?? "1.0.0"} aria-invalid={mine?.errors.version ? true : undefined} />
          {error("version")}
        </div>
        <div>
          <label htmlFor={id("nameZh")}>{t("newFrameworkNameZh")}</label>
          <input id={id("nameZh")} name="nameZh" required defaultValue={mine?.values.nameZh ?? name.zh} />
          {error("nameZh")}
        </div>
        <div>
          <label htmlFor={id("nameEn")}>{t("newFrameworkNameEn")}</label>
          <input id={id("nameEn")} name="nameEn" required defaultValue={mine?.values.nameEn ?? name.en} />
          {error("nameEn")}
        </div>
        <button type="submit" disabled={busy}>
          {t("createCopy")}
        </button>
      </Form>
    </details>
  );
}
