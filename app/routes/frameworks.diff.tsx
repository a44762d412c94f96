import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { decide } from "~/features/access/index.server";
import { findMapping, requireFrameworkVersion, saveMapping } from "~/features/frameworks/index.server";
import { SharesHead } from "~/features/frameworks";
import { localText, problemText, ProblemError, termKey, useLocale, useT } from "~/features/i18n";
import { diffFrameworks, frameworkIndicators, suggestMapping } from "../../indicators";
import { findNode } from "../../indicators/browser";
import { pageForm } from "~/platform/request-body.server";

/** Both versions, each through its own guard: reading a diff needs the right to read each side. */
async function sides(request: Request) {
  const url = new URL(request.url);
  const from = await requireFrameworkVersion(request, url.searchParams.get("from") ?? "", "read:framework");
  const to = await requireFrameworkVersion(request, url.searchParams.get("to") ?? "", "read:framework");
  return { from, to };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { from, to } = await sides(request);
  const saved = await to.scoped((db) => findMapping(db, from.version.row.ref, to.version.row.ref));
  const a = from.version.row.document;
  const b = to.version.row.document;
  const mapping = saved ?? suggestMapping(a, b);
  return {
    from: { ref: from.version.row.ref, document: a },
    to: { ref: to.version.row.ref, document: b },
    diff: diffFrameworks(a, b, mapping),
    mapping,
    mappingSaved: saved !== null,
    unmatched: frameworkIndicators(a).filter((i) => !frameworkIndicators(b).some((j) => j.code === i.code)).map((i) => ({ code: i.code, name: i.name })),
    targets: frameworkIndicators(b).map((i) => ({ code: i.code, name: i.name })),
    canMap: decide(to.user.actor, "manage:framework", to.version.resource).allowed,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { from, to } = await sides(request);
  const { user } = to;
  const decision = decide(user.actor, "manage:framework", to.version.resource);
  if (!decision.allowed) return data({ error: problemText(user.locale, { key: "p_forbidden", vars: { reason: decision.reason } }) }, { status: 403 });
  const form = await pageForm(request, user.locale);
  const mapping: Record<string, string | null> = {};
  for (const [key, value] of form) if (key.startsWith("map.")) mapping[key.slice(4)] = String(value) || null;
  try {
    await to.scoped((db) => saveMapping(db, { userId: user.id, from: from.version.row.document, to: to.version.row.document, mapping }));
    return data({ saved: true as const });
  } catch (e) {
    if (e instanceof ProblemError) return data({ error: problemText(user.locale, e.problem) }, { status: e.status });
    throw e;
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export default function FrameworkDiffPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  const nameOf = (code: string, side: "from" | "to") => {
    const node = findNode(d[side].document, code);
    return node ? localText(locale, node.name) : "";
  };
  const link = (ref: string) => `/frameworks/${ref.replace("@", "/")}`;
  const { diff } = d;
  const empty = !diff.added.length && !diff.removed.length && !diff.recoded.length && !diff.reweighted.length && !diff.moved.length && !diff.renamed.length && !diff.changed.length;
  return (
    <>
      <h1>{t("frameworkDiff")}</h1>
      <p>
        <Link to={link(d.from.ref)}>{d.from.ref}</Link> → <Link to={link(d.to.ref)}>{d.to.ref}</Link>
      </p>
      {empty ? <p className="notice">{t("diffNone")}</p> : null}
      <div className="diff" data-testid="framework-diff">
        {diff.added.length ? (
          <section className="card" data-diff="added">
            <h2>{t("diffAdded")}</h2>
            <ul>
              {diff.added.map((c) => (
                <li key={c}>
                  <code>{c}</code> {nameOf(c, "to")}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff.removed.length ? (
          <section className="card" data-diff="removed">
            <h2>{t("diffRemoved")}</h2>
            <ul>
              {diff.removed.map((c) => (
                <li key={c}>
                  <code>{c}</code> {nameOf(c, "from")}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff.recoded.length ? (
          <section className="card" data-diff="recoded">
            <h2>{t("diffRecoded")}</h2>
            <ul>
              {diff.recoded.map((r) => (
                <li key={r.from}>
                  <code>{r.from}</code> → <code>{r.to}</code> {nameOf(r.to, "to")}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff.reweighted.length ? (
          <section className="card" data-diff="reweighted">
            <h2>{t("diffReweighted")}</h2>
            <div className="table-wrap">
              <table>
                <SharesHead withName={false} />
                <tbody>
                  {diff.reweighted.map((r) => (
                    <tr key={r.code}>
                      <th scope="row">
                        <code>{r.code}</code> {nameOf(r.code, "to")}
                      </th>
                      <td>{t("diffShareChange", { from: r.from, to: r.to })}</td>
                      <td>{t("diffShareChange", { from: pct(r.nominal[0]), to: pct(r.nominal[1]) })}</td>
                      <td>{t("diffShareChange", { from: pct(r.effective[0]), to: pct(r.effective[1]) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
        {diff.moved.length ? (
          <section className="card" data-diff="moved">
            <h2>{t("diffMoved")}</h2>
            <ul>
              {diff.moved.map((m) => (
                <li key={m.code}>
                  <code>{m.code}</code>: {m.from ?? t("topLevel")} → {m.to ?? t("topLevel")}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff.renamed.length ? (
          <section className="card" data-diff="renamed">
            <h2>{t("diffRenamed")}</h2>
            <ul>
              {diff.renamed.map((r) => (
                <li key={r.code}>
                  <code>{r.code}</code>: {localText(locale, r.from)} → {localText(locale, r.to)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {diff.changed.length ? (
          <section className="card" data-diff="changed">
            <h2>{t("diffChanged")}</h2>
            <ul>
              {diff.changed.map((c) => (
                <li key={c.code}>
                  <code>{c.code}</code> {nameOf(c.code, "to")}: {c.fields.map((f) => t(termKey("field", f))).join(locale === "en" ? ", " : "、")}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      {d.unmatched.length ? (
        <section className="card">
          <h2>{t("codeMapping")}</h2>
          <p className="muted">{t("codeMappingIntro")}</p>
          {!d.mappingSaved ? <p className="muted">{t("mappingSuggested")}</p> : null}
          {result && "saved" in result ? (
            <p className="notice" role="status">
              {t("mappingSaved")}
            </p>
          ) : null}
          {result && "error" in result ? (
            <p className="form-error" role="alert">
              {result.error}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("mappingOld")}</th>
                    <th scope="col">{t("mappingNew")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.unmatched.map((u) => (
                    <tr key={u.code}>
                      <th scope="row">
                        <label htmlFor={`map-${u.code}`}>
                          <code>{u.code}</code> {localText(locale, u.name)}
                        </label>
                      </th>
                      <td>
                        <select id={`map-${u.code}`} name={`map.${u.code}`} defaultValue={d.mapping[u.code] ?? ""} disabled={!d.canMap}>
                          <option value="">{t("mappingDropped")}</option>
                          {d.targets.map((x) => (
                            <option key={x.code} value={x.code}>
                              {x.code} {localText(locale, x.name)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {d.canMap ? (
              <button type="submit" disabled={busy}>
                {t("saveMapping")}
              </button>
            ) : null}
          </Form>
        </section>
      ) : null}
    </>
  );
}
