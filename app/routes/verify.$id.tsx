import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { getDb } from "~/platform/db.server";
import { verifyReport } from "~/features/reports/index.server";
import { useT, useLocale, localName } from "~/features/i18n";

/** Public: anyone holding a report can confirm it here, no account needed. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const hash = (new URL(request.url).searchParams.get("hash") ?? "").trim().toLowerCase();
  const verdict = hash ? await verifyReport(await getDb(), params.id!, hash) : null;
  return { id: params.id!, hash, verdict };
}

export default function VerifyPage() {
  const { id, hash, verdict } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("verifyTitle")}</h1>
      <section className="card">
        <Form method="get">
          <p>
            {t("reportId")}: <code>{id}</code>
          </p>
          <label>
            {t("verifyHashLabel")}
            <input name="hash" defaultValue={hash} size={70} pattern="[0-9a-fA-F]{64}" required />
          </label>{" "}
          <button type="submit">{t("verifyCheck")}</button>
        </Form>
      </section>
      {verdict && (
        <section className="card" role="status" data-testid="verdict" data-genuine={verdict.genuine}>
          {verdict.genuine ? (
            <>
              <p className="ok">✔ {t("verifyGenuine")}</p>
              <p>
                {localName(locale, verdict.campaign.nameZh, verdict.campaign.nameEn)} · {verdict.cityCode} · {verdict.signedOffAt.slice(0, 10)}
              </p>
              {verdict.supersededBy > 0 && <p>{t("verifySuperseded", { count: verdict.supersededBy })}</p>}
            </>
          ) : (
            <p className="error">
              ✘ {t("verifyNotGenuine")} ({verdict.reason})
            </p>
          )}
        </section>
      )}
    </>
  );
}
