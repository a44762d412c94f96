import { useLoaderData } from "@remix-run/react";
import { openApiDocument } from "~/features/api/index.server";
import { useLocale, useT, type MessageKey } from "~/features/i18n";

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string | string[]; enum?: unknown[]; default?: unknown; maximum?: number } }[];
  responses: Record<string, { description: string; content?: { "application/json"?: { example?: unknown } } }>;
};

/** What each operation and status is, in the reader's language (the document itself is in English). */
const OPERATION_TEXT: Record<string, MessageKey> = { listCampaigns: "apiOp_listCampaigns", getRanking: "apiOp_getRanking", getQuality: "apiOp_getQuality" };
const STATUS_TEXT: Record<string, MessageKey> = { 200: "apiStatus_200", 304: "apiStatus_304", 400: "apiStatus_400", 401: "apiStatus_401", 404: "apiStatus_404" };

/** GET /api/v1/docs — the OpenAPI document for people: each endpoint, its parameters and an example answer. Public. */
export function loader() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
  return { operations };
}

export default function ApiDocsPage() {
  const { operations } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("apiDocsTitle")}</h1>
      <p>
        {t("apiDocsIntro")} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
      </p>
      {operations.map(({ method, path, op }) => {
        const ok = op.responses["200"]?.content?.["application/json"]?.example;
        return (
          <section key={op.operationId} className="card" aria-labelledby={op.operationId}>
            <h2 id={op.operationId}>
              <code>
                {method} {path}
              </code>
            </h2>
            {OPERATION_TEXT[op.operationId] ? <p>{t(OPERATION_TEXT[op.operationId]!)}</p> : null}
            {op.parameters?.length ? (
              <>
                <h3>{t("apiDocsParameters")}</h3>
                <div className="table-wrap">
                  <table>
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr key={`${p.in}-${p.name}`}>
                          <th scope="row">
                            <code>{p.name}</code>
                          </th>
                          <td>{p.required ? t("apiDocsRequired") : t("apiDocsOptional")}</td>
                          <td>
                            <code>{p.schema?.enum ? p.schema.enum.filter((v) => v !== "").join(" | ") : [p.schema?.type].flat().join(" | ")}</code>
                            {p.schema?.maximum !== undefined ? <code> ≤ {p.schema.maximum}</code> : null}
                            {p.schema?.default !== undefined && p.schema.default !== "" ? <code> = {String(p.schema.default)}</code> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            ) : null}
            <h3>{t("apiDocsResponses")}</h3>
            <ul>
              {Object.entries(op.responses).map(([status, response]) => (
                <li key={status}>
                  <code>{status}</code> {STATUS_TEXT[status] ? t(STATUS_TEXT[status]!) : null}
                  {locale === "en" && response.description ? ` — ${response.description}` : null}
                </li>
              ))}
            </ul>
            {ok ? (
              <details>
                <summary>{t("apiDocsExample")}</summary>
                <pre className="mail">{JSON.stringify(ok, null, 2)}</pre>
              </details>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
