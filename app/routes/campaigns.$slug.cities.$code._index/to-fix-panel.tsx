import { localText, useT, useLocale } from "~/features/i18n";

interface ToFix {
  code: string;
  name: { zh: string; en: string };
  /** The assessor's reason when the indicator itself was returned, else null. */
  reason: string | null;
  evidence: { name: string; comment: string }[];
  /** The city changed its value or evidence since the return. */
  fixed: boolean;
}

/** What the assessor asked the city to fix, each item leading to its field. */
export function ToFixPanel({ items }: { items: ToFix[] }) {
  const t = useT();
  const locale = useLocale();
  const colon = locale === "en" ? ": " : "：";
  return (
    <section className="card to-fix" aria-labelledby="to-fix">
      <h2 id="to-fix">{t("toFixTitle", { count: items.length })}</h2>
      <p className="muted">{t("toFixProgress", { fixed: items.filter((f) => f.fixed).length, count: items.length })}</p>
      <ul>
        {items.map((f) => (
          <li key={f.code} className={f.fixed ? "fixed" : undefined}>
            {f.fixed ? <span className="badge verdict-sufficient">✓ {t("toFixDone")}</span> : null}{" "}
            <a href={`#v-${f.code}`} onClick={() => document.getElementById(`v-${f.code}`)?.focus()}>
              {f.code} {localText(locale, f.name)}
            </a>
            {f.reason !== null ? `${colon}${f.reason || t("decision_returned")}` : ""}
            {f.evidence.map((e) => (
              <div key={e.name} className="muted">
                {t("evidenceInsufficient", { name: e.name })}
                {e.comment ? `${colon}${e.comment}` : ""}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
