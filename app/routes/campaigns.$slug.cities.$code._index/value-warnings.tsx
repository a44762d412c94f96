import { useT } from "~/features/i18n";

/** Values saved but worth a second look (outside the indicator's expected range). */
export function ValueWarnings({ warnings }: { warnings: { code: string; message: string }[] | undefined }) {
  const t = useT();
  if (!warnings?.length) return null;
  return (
    <ul className="muted">
      {warnings.map((w) => (
        <li key={w.code}>
          {t("warning")} {w.code}: {w.message}
        </li>
      ))}
    </ul>
  );
}
