import type { IndicatorNode } from "../../../indicators";
import { localText, type Locale, useT } from "~/features/i18n";

/**
 * A value as its indicator takes it: a number, a rubric level with its descriptor, or yes/no. The
 * city's value (`v:`) and an assessor's adjusted value (`a:`) use the same control.
 */
export function ValueInput({ ind, name, value, disabled = false, locale, label, placeholder }: { ind: IndicatorNode; name: string; value: number | null | undefined; disabled?: boolean; locale: Locale; label?: string; placeholder?: string }) {
  const t = useT();
  const common = { id: name.startsWith("v:") ? `v-${ind.code}` : undefined, name, defaultValue: value ?? "", disabled, "aria-label": label };
  if (ind.kind === "rubric")
    return (
      <select {...common}>
        <option value="">{placeholder ?? "—"}</option>
        {ind.levels.map((l) => (
          <option key={l.level} value={l.level}>
            {l.level} · {localText(locale, l.descriptor)}
          </option>
        ))}
      </select>
    );
  if (ind.kind === "binary")
    return (
      <select {...common}>
        <option value="">{placeholder ?? "—"}</option>
        <option value="1">{t("yes")}</option>
        <option value="0">{t("no")}</option>
      </select>
    );
  return <input {...common} inputMode="decimal" placeholder={placeholder} aria-describedby={`u-${ind.code}`} />;
}
