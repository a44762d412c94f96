import { Form, useNavigation } from "@remix-run/react";
import { useT } from "~/features/i18n";
import type { Framework } from "../../../indicators/browser";
import { errorProps, FieldError, useEditorErrors } from "./field-error";

export function SettingsForm({ document, revision }: { document: Framework; revision: string }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const errors = useEditorErrors("settings");
  const input = (name: string, label: string, value: string | undefined, multiline = false) => {
    const id = `settings-${name}`;
    return (
      <div>
        <label htmlFor={id}>{label}</label>
        {multiline ? <textarea id={id} name={name} defaultValue={value ?? ""} rows={3} {...errorProps(id, errors[name])} /> : <input id={id} name={name} defaultValue={value ?? ""} {...errorProps(id, errors[name])} />}
        <FieldError id={id} error={errors[name]} />
      </div>
    );
  };
  return (
    <details className="card">
      <summary>
        <h2 className="inline">{t("frameworkSettings")}</h2>
      </summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="revision" value={revision} />
        {input("nameZh", t("nameZh"), document.name.zh)}
        {input("nameEn", t("nameEn"), document.name.en)}
        {input("descriptionZh", t("descriptionZh"), document.description.zh, true)}
        {input("descriptionEn", t("descriptionEn"), document.description.en, true)}
        {input("source", t("sourceLabel"), document.source)}
        {input("minFilledShare", t("minFilledShare"), String(document.completeness?.minFilledShare ?? 1))}
        <label>
          <input type="checkbox" name="mandatoryEvidence" defaultChecked={document.completeness?.mandatoryEvidence ?? true} /> {t("mandatoryEvidenceLabel")}
        </label>
        <button type="submit" disabled={busy}>
          {t("saveNode")}
        </button>
      </Form>
    </details>
  );
}
