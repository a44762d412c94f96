import type { MessageKey } from "~/features/i18n";
import { Field } from "../../ui/field";
import type { FieldErrors } from "../../platform/forms";
import { useT, termKey } from "~/features/i18n";

export interface CampaignSettingsValues {
  nameZh: string;
  nameEn: string;
  year: number | string;
  submissionDeadline: string;
  reviewDeadline: string;
  normalise: string;
  aggregate: string;
  impute: string;
  dataThreshold: number | string;
  /** The methodology audit's space and the treatment option (absent: the defaults). */
  [audit: string]: unknown;
}

const NORMALISE = ["minmax", "zscore", "rank", "prank", "borda"] as const;
const AGGREGATE = ["arithmetic", "geometric", "harmonic"] as const;
const IMPUTE = ["none", "mean", "median"] as const;

/** Names, year, deadlines and scoring method of a campaign: the fields shared by the creation and settings forms. */
export function CampaignSettingsFields({ values, errors }: { values: CampaignSettingsValues; errors: FieldErrors }) {
  const t = useT();
  const err = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const choice = (name: "normalise" | "aggregate" | "impute", label: MessageKey, options: readonly string[]) => (
    <div>
      <label htmlFor={`campaign-${name}`}>{t(label)}</label>
      <select id={`campaign-${name}`} name={name} defaultValue={values[name]}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(termKey(name, o))}
          </option>
        ))}
      </select>
    </div>
  );
  const box = (name: string, label: string) => (
    <label key={name} className="checkbox">
      <input type="checkbox" name={name} defaultChecked={values[name] === true} /> {label}
    </label>
  );
  return (
    <>
      <Field id="campaign-nameZh" name="nameZh" label={t("campaignNameZh")} defaultValue={values.nameZh} error={err("nameZh")} />
      <Field id="campaign-nameEn" name="nameEn" label={t("campaignNameEn")} defaultValue={values.nameEn} error={err("nameEn")} />
      <Field id="campaign-year" name="year" type="number" label={t("campaignYear")} defaultValue={values.year} error={err("year")} />
      <Field id="campaign-submissionDeadline" name="submissionDeadline" type="date" label={t("submissionDeadline")} defaultValue={values.submissionDeadline} error={err("submissionDeadline")} />
      <Field id="campaign-reviewDeadline" name="reviewDeadline" type="date" label={t("reviewDeadline")} defaultValue={values.reviewDeadline} error={err("reviewDeadline")} />
      <fieldset>
        <legend>{t("scoringMethod")}</legend>
        {choice("normalise", "normaliseMethod", NORMALISE)}
        {choice("aggregate", "aggregateMethod", AGGREGATE)}
        {choice("impute", "imputeMethod", IMPUTE)}
        <Field id="campaign-dataThreshold" name="dataThreshold" type="number" step="0.05" min="0" max="1" label={t("dataThreshold")} defaultValue={values.dataThreshold} error={err("dataThreshold")} />
        {box("treat", t("treatOutliers"))}
      </fieldset>
      <fieldset>
        <legend>{t("auditSpaceTitle")}</legend>
        <p className="muted">{t("auditSpaceHint")}</p>
        <Field id="campaign-auditNoise" name="auditNoise" type="number" step="5" min="0" max="90" label={t("auditNoiseLabel")} defaultValue={String(values.auditNoise ?? 25)} error={err("auditNoise")} />
        <fieldset className="checkbox-group">
          <legend>{t("auditAltAggregates")}</legend>
          {AGGREGATE.map((m) => box(`altAggregate.${m}`, t(termKey("aggregate", m))))}
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>{t("auditAltNormalisations")}</legend>
          {NORMALISE.map((m) => box(`altNormalise.${m}`, t(termKey("normalise", m))))}
        </fieldset>
        {box("varyImputation", t("auditSpaceImputation"))}
        {box("varyTreatment", t("auditSpaceTreatment"))}
        <Field id="campaign-auditSamples" name="auditSamples" type="number" step="100" min="100" max="20000" label={t("auditSamplesLabel")} defaultValue={String(values.auditSamples ?? 2000)} error={err("auditSamples")} />
      </fieldset>
    </>
  );
}
