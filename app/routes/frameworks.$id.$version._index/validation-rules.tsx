import type { Framework } from "../../../indicators/browser";
import { localText, termKey, useLocale, useT } from "~/features/i18n";

/** A version's validation rules as the ministry wrote them, in the reader's language. */
export function ValidationRules({ rules }: { rules: NonNullable<Framework["rules"]> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="validation-rules">
      <h2 id="validation-rules">{t("validationRules")}</h2>
      <p className="muted">{t("validationRulesIntro")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ruleExpression")}</th>
              <th scope="col">{t("ruleSeverity")}</th>
              <th scope="col">{t("ruleMessage")}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>
                  <code>{rule.expression}</code>
                </td>
                <td>
                  <span className="badge">{t(termKey("ruleSeverity", rule.severity))}</span>
                </td>
                <td>{localText(locale, rule.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
