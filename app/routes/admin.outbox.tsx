import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRootData, useT } from "~/root";
import { getDb } from "~/utils/db.server";
import type { MessageKey } from "~/utils/i18n";
import { recentOutbox } from "~/utils/organizations.server";
import { requireUserWithPermission } from "~/utils/session.server";

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
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <>
      <h1>{t("outbox")}</h1>
      <div className="table-wrap card">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sentAt")}</th>
              <th scope="col">{t("to")}</th>
              <th scope="col">{t("subject")}</th>
              <th scope="col">{t("delivery")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{new Date(m.createdAt).toLocaleString(locale, { timeZone: "Asia/Shanghai" })}</td>
                <td>{m.to}</td>
                <td>
                  {m.subject}
                  <MailText text={m.text} />
                </td>
                <td>
                  {t(`delivery_${m.status}` as MessageKey)}
                  {m.error ? <p className="field-error">{m.error}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
