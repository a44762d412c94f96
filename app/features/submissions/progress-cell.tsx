import { useT } from "~/features/i18n";

/** "filled/total" with a bar, and how many indicators still lack required evidence. */
export function ProgressCell({ progress }: { progress: { filled: number; total: number; missing: number } }) {
  const t = useT();
  return (
    <span className="progress-cell">
      <meter min={0} max={progress.total} value={progress.filled} aria-hidden="true" />
      {t("completionCell", progress)}
      {progress.missing ? <span className="muted"> · {t("completionMissing", progress)}</span> : null}
    </span>
  );
}
