import { Form, Link, useNavigation } from "@remix-run/react";
import { localText, termKey, useLocale, useT } from "~/features/i18n";
import { CONCERNS, EVIDENCE_KINDS, findNode, isIndicator, type Framework, type FrameworkNode, type IndicatorNode } from "../../../indicators/browser";
import { ConfirmAction } from "~/ui/confirm-action";
import { errorProps, FieldError, useEditorErrors } from "./field-error";
import { SurveyDesignFields } from "./survey-design-fields";

type Group = { code: string; name: { zh: string; en: string }; depth: number };

/** One node's texts, rubric levels, survey design and evidence requirements, with moving and removing it. */
export function NodePanel({ code, document, groups, revision }: { code: string; document: Framework; groups: Group[]; revision: string }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const node = findNode(document, code);
  const errors = useEditorErrors("update", code);
  if (!node) return <p className="form-error">{t("frameworkEdit_unknownNode", { code })}</p>;
  const ind = isIndicator(node) ? node : null;
  const input = (name: string, label: string, value: string | number | undefined, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const id = `node-${name}`;
    return (
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} name={name} defaultValue={value ?? ""} {...props} {...errorProps(id, errors[name])} />
        <FieldError id={id} error={errors[name]} />
      </div>
    );
  };
  const pair = (base: string, labelZh: string, labelEn: string, value: { zh: string; en: string } | undefined) => (
    <div className="field-pair">
      {input(`${base}Zh`, labelZh, value?.zh)}
      {input(`${base}En`, labelEn, value?.en)}
    </div>
  );
  const concerns = (ind ? ind.concerns : (node as { concerns?: string[] }).concerns) ?? [];
  return (
    <section className="card node-panel" id="node-panel" aria-labelledby="node-panel-title">
      <h2 id="node-panel-title">
        {t("editNodeTitle", { code })} · {localText(locale, node.name)}
      </h2>
      <p>
        <Link to="?">×</Link>
      </p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="revision" value={revision} />
        {pair("name", t("nameZh"), t("nameEn"), node.name)}
        {pair("description", t("descriptionZh"), t("descriptionEn"), node.description)}
        {ind ? (
          <>
            {pair("unit", t("unitZh"), t("unitEn"), ind.unit)}
            <div>
              <label htmlFor="node-direction">{t("direction")}</label>
              <select id="node-direction" name="direction" defaultValue={ind.direction}>
                <option value="higher">{t("direction_higher")}</option>
                <option value="lower">{t("direction_lower")}</option>
              </select>
            </div>
            {ind.kind === "quantitative" ? (
              <>
                {pair("formula", t("formulaZh"), t("formulaEn"), ind.formula)}
                <div className="field-pair">
                  {input("rangeMin", t("rangeMin"), ind.expectedRange?.[0], { inputMode: "decimal" })}
                  {input("rangeMax", t("rangeMax"), ind.expectedRange?.[1], { inputMode: "decimal" })}
                </div>
                <SurveyDesignFields node={ind} errors={errors} />
              </>
            ) : null}
            {pair("dataSource", t("dataSourceZh"), t("dataSourceEn"), ind.dataSource)}
            {ind.kind === "rubric" ? <RubricRows node={ind} errors={errors} /> : null}
            <EvidenceRows node={ind} errors={errors} />
          </>
        ) : null}
        <fieldset>
          <legend>{t("concernsLabel")}</legend>
          {CONCERNS.map((c) => (
            <label key={c} className="checkbox">
              <input type="checkbox" name="concerns" value={c} defaultChecked={concerns.includes(c)} /> {t(termKey("concern", c))}
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" name="unconfirmed" defaultChecked={node.confirmed === false} /> {t("confirmedLabel")}
        </label>
        {input("note", t("noteLabel"), node.note)}
        <button type="submit" disabled={busy}>
          {t("saveNode")}
        </button>
      </Form>
      <MoveForm node={node} groups={groups} revision={revision} />
      <Form method="post" className="inline-form">
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="revision" value={revision} />
        <ConfirmAction label={t("removeNode")} title={t("removeNodeTitle", { code })} confirmLabel={t("removeNode")} value="remove" danger disabled={busy}>
          <p>{t("removeNodeExplain", { code })}</p>
        </ConfirmAction>
      </Form>
    </section>
  );
}

function MoveForm({ node, groups, revision }: { node: FrameworkNode; groups: Group[]; revision: string }) {
  const t = useT();
  const locale = useLocale();
  const errors = useEditorErrors("move", node.code);
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="code" value={node.code} />
      <input type="hidden" name="revision" value={revision} />
      <div>
        <label htmlFor="move-parent">{t("moveNode")}</label>
        <select id="move-parent" name="parent" {...errorProps("move-parent", errors.parent)}>
          <option value="">{t("topLevel")}</option>
          {groups
            .filter((g) => g.code !== node.code)
            .map((g) => (
              <option key={g.code} value={g.code}>
                {"　".repeat(g.depth - 1)}
                {g.code} {localText(locale, g.name)}
              </option>
            ))}
        </select>
        <FieldError id="move-parent" error={errors.parent} />
      </div>
      <button type="submit" className="secondary">
        {t("moveButton")}
      </button>
    </Form>
  );
}

function RubricRows({ node, errors }: { node: Extract<IndicatorNode, { kind: "rubric" }>; errors: Record<string, string> }) {
  const t = useT();
  const rows = [...node.levels.map((l) => ({ level: String(l.level), score: String(l.score), zh: l.descriptor.zh, en: l.descriptor.en })), { level: "", score: "", zh: "", en: "" }];
  return (
    <fieldset>
      <legend>{t("rubricLevels")}</legend>
      <p className="muted">{t("addRowHint")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("levelColumn")}</th>
              <th scope="col">{t("scoreColumn")}</th>
              <th scope="col">{t("descriptorZh")}</th>
              <th scope="col">{t("descriptorEn")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {(
                  [
                    ["level", r.level, t("levelColumn")],
                    ["score", r.score, t("scoreColumn")],
                    ["descZh", r.zh, t("descriptorZh")],
                    ["descEn", r.en, t("descriptorEn")],
                  ] as const
                ).map(([name, value, label]) => (
                  <td key={name}>
                    <input name={`${name}.${i}`} defaultValue={value} aria-label={`${label} ${i + 1}`} {...errorProps(`${name}-${i}`, errors[`${name}.${i}`])} />
                    <FieldError id={`${name}-${i}`} error={errors[`${name}.${i}`]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function EvidenceRows({ node, errors }: { node: IndicatorNode; errors: Record<string, string> }) {
  const t = useT();
  const rows = [...node.evidence.map((e) => ({ kind: e.kind as string, mandatory: e.mandatory, zh: e.description.zh, en: e.description.en })), { kind: "", mandatory: false, zh: "", en: "" }];
  return (
    <fieldset>
      <legend>{t("evidenceRequirements")}</legend>
      <p className="muted">{t("addRowHint")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("kindColumn")}</th>
              <th scope="col">{t("evidenceIsMandatory")}</th>
              <th scope="col">{t("descriptionZh")}</th>
              <th scope="col">{t("descriptionEn")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>
                  <select name={`evKind.${i}`} defaultValue={r.kind} aria-label={`${t("kindColumn")} ${i + 1}`} {...errorProps(`evKind-${i}`, errors[`evKind.${i}`])}>
                    <option value="">—</option>
                    {EVIDENCE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(termKey("evidenceKind", k))}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`evKind-${i}`} error={errors[`evKind.${i}`]} />
                </td>
                <td>
                  <input type="checkbox" name={`evMandatory.${i}`} defaultChecked={r.mandatory} aria-label={`${t("evidenceIsMandatory")} ${i + 1}`} />
                </td>
                <td>
                  <input name={`evDescZh.${i}`} defaultValue={r.zh} aria-label={`${t("descriptionZh")} ${i + 1}`} {...errorProps(`evDescZh-${i}`, errors[`evDescZh.${i}`])} />
                  <FieldError id={`evDescZh-${i}`} error={errors[`evDescZh.${i}`]} />
                </td>
                <td>
                  <input name={`evDescEn.${i}`} defaultValue={r.en} aria-label={`${t("descriptionEn")} ${i + 1}`} {...errorProps(`evDescEn-${i}`, errors[`evDescEn.${i}`])} />
                  <FieldError id={`evDescEn-${i}`} error={errors[`evDescEn.${i}`]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
