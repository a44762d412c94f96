import type { LoaderFunctionArgs } from "@remix-run/node";
import { DataTable } from "~/ui/data-table";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/platform/db.server";
import { recentOutbox } from "~/features/accounts/index.server";
import { requireUserWithPermission } from "~/features/access/index.server";
import { useT, useLocale, termKey } from "~/features/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:platform-outbox", { type: "platform" });
  return { messages: await recentOutbox(await getDb()) };
}

/** Linkify the invitation URL so that, with no e-mail API, an admin can pass it on by hand. */
function MailText({ text }: { text: string }) {
  return (
    <pre className="mail">
      {text.split(/(https?:\/\/\S+)/).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : part))}
    </pre>
  );
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("outbox")}</h1>
      <div className="card">
        <DataTable
          rows={messages}
          rowKey={(m) => m.id}
          columns={[
            { header: t("sentAt"), cell: (m) => new Date(m.createdAt).toLocaleString(locale, { timeZone: "Asia/Shanghai" }) },
            { header: t("to"), cell: (m) => m.to },
            {
              header: t("subject"),
              cell: (m) => (
                <>
                  {m.subject}
                  <MailText text={m.text} />
                </>
              ),
            },
            {
              header: t("delivery"),
              cell: (m) => (
                <>
                  {t(termKey("delivery", m.status))}
                  {m.error ? <p className="field-error">{m.error}</p> : null}
                </>
              ),
            },
          ]}
        />
      </div>
    </>
  );
}
