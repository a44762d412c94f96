import { Form, useNavigation } from "@remix-run/react";
import { localText, termKey, useLocale, useT } from "~/features/i18n";
import { errorProps, FieldError, useEditorErrors } from "./field-error";

type Group = { code: string; name: { zh: string; en: string }; depth: number };

export function AddNodeForm({ groups, revision }: { groups: Group[]; revision: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const errors = useEditorErrors("add");
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const id = `add-${name}`;
    return (
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} name={name} {...props} {...errorProps(id, errors[name])} />
        <FieldError id={id} error={errors[name]} />
      </div>
    );
  };
  return (
    <section className="card">
      <h2>{t("addNodeTitle")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="revision" value={revision} />
        <div>
          <label htmlFor="add-parent">{t("parentNode")}</label>
          <select id="add-parent" name="parent" {...errorProps("add-parent", errors.parent)}>
            <option value="">{t("topLevel")}</option>
            {groups.map((g) => (
              <option key={g.code} value={g.code}>
                {"　".repeat(g.depth - 1)}
                {g.code} {localText(locale, g.name)}
              </option>
            ))}
          </select>
          <FieldError id="add-parent" error={errors.parent} />
        </div>
        <div>
          <label htmlFor="add-type">{t("nodeType")}</label>
          <select id="add-type" name="type" defaultValue="quantitative">
            {["group", "quantitative", "rubric", "binary"].map((k) => (
              <option key={k} value={k}>
                {t(termKey("nodeType", k))}
              </option>
            ))}
          </select>
        </div>
        {field("code", t("codeColumn"), { required: true, autoComplete: "off" })}
        {field("nameZh", t("nameZh"), { required: true })}
        {field("nameEn", t("nameEn"), { required: true })}
        {field("weight", t("weightColumn"), { required: true, inputMode: "decimal", defaultValue: "1" })}
        <button type="submit" disabled={busy}>
          {t("addNode")}
        </button>
      </Form>
    </section>
  );
}
