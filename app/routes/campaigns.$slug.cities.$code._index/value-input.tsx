import type { IndicatorNode } from "../../../indicators";
import { localText, type Locale, useT } from "~/features/i18n";

/**
 * A value as its indicator takes it: a number, a rubric level with its descriptor, or yes/no. The
 * city's value (`v:`) and an assessor's adjusted value (`a:`) use the same control. An error is
 * shown under the field and tied to it for screen readers.
 */
export function ValueInput({ ind, name, value, disabled = false, locale, label, placeholder, error }: { ind: IndicatorNode; name: string; value: number | null | undefined; disabled?: boolean; locale: Locale; label?: string; placeholder?: string; error?: string }) {
  const t = useT();
  const id = name.startsWith("v:") ? `v-${ind.code}` : `a-${ind.code}`;
  const errorId = `${id}-error`;
  const describedBy = [ind.kind === "quantitative" ? `u-${ind.code}` : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const common = { id, name, defaultValue: value ?? "", disabled, "aria-label": label, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  const control =
    ind.kind === "rubric" ? (
      <select {...common}>
        <option value="">{placeholder ?? "—"}</option>
        {ind.levels.map((l) => (
          <option key={l.level} value={l.level}>
            {l.level} · {localText(locale, l.descriptor)}
          </option>
        ))}
      </select>
    ) : ind.kind === "binary" ? (
      <select {...common}>
        <option value="">{placeholder ?? "—"}</option>
        <option value="1">{t("yes")}</option>
        <option value="0">{t("no")}</option>
      </select>
    ) : (
      // Text, not type=number: a Chinese IME types full-width digits, which number fields drop.
      <input {...common} inputMode="decimal" autoComplete="off" placeholder={placeholder} />
    );
  return (
    <>
      {control}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
}
