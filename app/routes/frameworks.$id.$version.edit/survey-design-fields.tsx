import { useT } from "~/features/i18n";
import { QUESTION_SCALES, SURVEY_ESTIMATORS, type IndicatorNode, type SurveyDesign } from "../../../indicators/browser";
import { errorProps, FieldError } from "./field-error";

type Quantitative = Extract<IndicatorNode, { kind: "quantitative" }>;

const optionLines = (options: NonNullable<SurveyDesign["questions"][number]["options"]>) => options.map((o) => `${o.value} | ${o.score} | ${o.label.zh} | ${o.label.en}`).join("\n");

/**
 * Whether citizens answer the indicator, and how: the questions (bilingual, with a scale, a single
 * choice's options with their scores), the estimator, the minimum sample and the target margin.
 * Folded away unless the indicator is survey-sourced; the box decides. Unticking it turns the
 * indicator back into one the city fills, which deletes its questions: the save asks to confirm that.
 */
export function SurveyDesignFields({ node, errors }: { node: Quantitative; errors: Record<string, string> }) {
  const t = useT();
  const design = node.survey;
  const rows = [...(design?.questions ?? []).map((q) => ({ id: q.id, scale: q.scale as string, zh: q.text.zh, en: q.text.en, options: q.options ? optionLines(q.options) : "" })), { id: "", scale: "", zh: "", en: "", options: "" }];
  const field = (name: string, label: string, value: string | number | undefined, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`node-${name}`}>{label}</label>
      <input id={`node-${name}`} name={name} defaultValue={value ?? ""} {...props} {...errorProps(`node-${name}`, errors[name])} />
      <FieldError id={`node-${name}`} error={errors[name]} />
    </div>
  );
  return (
    <details className="survey-design" open={design !== undefined || Object.keys(errors).some((k) => /^(survey|q[A-Z])/.test(k))}>
      <summary>{t("surveyDesignLegend")}</summary>
      <label className="checkbox">
        <input type="checkbox" name="surveySourced" defaultChecked={design !== undefined} /> {t("surveySourcedLabel")}
      </label>
      {design ? (
        <div>
          <label className="checkbox">
            <input type="checkbox" name="surveyRemovalConfirmed" {...errorProps("node-surveyRemovalConfirmed", errors.surveyRemovalConfirmed)} />{" "}
            {t("surveyRemovalConfirmLabel", { count: design.questions.length })}
          </label>
          <FieldError id="node-surveyRemovalConfirmed" error={errors.surveyRemovalConfirmed} />
        </div>
      ) : null}
      <div className="stack">
        <p className="muted">{t("surveyDesignHint")}</p>
        <div>
          <label htmlFor="node-surveyEstimator">{t("surveyEstimatorLabel")}</label>
          <select id="node-surveyEstimator" name="surveyEstimator" defaultValue={design?.estimator ?? "mean"} aria-describedby="node-surveyEstimator-hint" {...errorProps("node-surveyEstimator", errors.surveyEstimator)}>
            {SURVEY_ESTIMATORS.map((e) => (
              <option key={e} value={e}>
                {t(`estimator_${e}` as "estimator_mean")}
              </option>
            ))}
          </select>
          <p className="muted" id="node-surveyEstimator-hint">
            {t("surveyEstimatorHint")}
          </p>
          <FieldError id="node-surveyEstimator" error={errors.surveyEstimator} />
        </div>
        <div className="field-pair">
          {field("surveyMinSample", t("surveyMinSampleLabel"), design?.minSample ?? 100, { inputMode: "numeric" })}
          {field("surveyTargetMargin", t("surveyTargetMarginLabel"), design?.targetMargin ?? 5, { inputMode: "decimal" })}
        </div>
        <fieldset>
          <legend>{t("surveyQuestionsLegend")}</legend>
          <p className="muted">
            {t("addRowHint")} {t("questionOptionsHint")}
          </p>
          <FieldError id="survey-questions" error={errors.surveyQuestions} />
          {rows.map((q, i) => (
            <div key={i} className="survey-question card">
              <div className="field-pair">
                <div>
                  <label htmlFor={`qId-${i}`}>
                    {t("questionIdColumn")} {i + 1}
                  </label>
                  <input id={`qId-${i}`} name={`qId.${i}`} defaultValue={q.id} {...errorProps(`qId-${i}`, errors[`qId.${i}`])} />
                  <FieldError id={`qId-${i}`} error={errors[`qId.${i}`]} />
                </div>
                <div>
                  <label htmlFor={`qScale-${i}`}>{t("questionScaleColumn")}</label>
                  <select id={`qScale-${i}`} name={`qScale.${i}`} defaultValue={q.scale} {...errorProps(`qScale-${i}`, errors[`qScale.${i}`])}>
                    <option value="">—</option>
                    {QUESTION_SCALES.map((s) => (
                      <option key={s} value={s}>
                        {t(`questionScale_${s}` as "questionScale_likert5")}
                      </option>
                    ))}
                  </select>
                  <FieldError id={`qScale-${i}`} error={errors[`qScale.${i}`]} />
                </div>
              </div>
              <div className="field-pair">
                {(
                  [
                    ["qTextZh", q.zh, t("questionTextZh")],
                    ["qTextEn", q.en, t("questionTextEn")],
                  ] as const
                ).map(([name, value, label]) => (
                  <div key={name}>
                    <label htmlFor={`${name}-${i}`}>{label}</label>
                    <input id={`${name}-${i}`} name={`${name}.${i}`} defaultValue={value} {...errorProps(`${name}-${i}`, errors[`${name}.${i}`])} />
                    <FieldError id={`${name}-${i}`} error={errors[`${name}.${i}`]} />
                  </div>
                ))}
              </div>
              <div>
                <label htmlFor={`qOptions-${i}`}>{t("questionOptionsColumn")}</label>
                <textarea id={`qOptions-${i}`} name={`qOptions.${i}`} rows={3} defaultValue={q.options} {...errorProps(`qOptions-${i}`, errors[`qOptions.${i}`])} />
                <FieldError id={`qOptions-${i}`} error={errors[`qOptions.${i}`]} />
              </div>
            </div>
          ))}
        </fieldset>
      </div>
    </details>
  );
}
