import type { ChartConfiguration } from "chart.js";
import { useEffect, useRef, type ReactNode } from "react";
import { useT } from "~/features/i18n";

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/**
 * A chart.js chart with a visible title, an accessible name and a table alternative underneath
 * (collapsed): the same numbers for screen readers and for copying. chart.js loads in the browser
 * only.
 */
export function ChartFigure({ title, config, table, height = 280, testId }: { title: string; config: ChartConfiguration; table: ReactNode; height?: number; testId?: string }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const json = JSON.stringify(config);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("chart.js/auto").then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return;
      const parsed = JSON.parse(json) as ChartConfiguration;
      parsed.options = { responsive: true, maintainAspectRatio: false, animation: false, ...parsed.options };
      chart = new Chart(canvas.current, parsed);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [json]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div style={{ position: "relative", height }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <details>
        <summary>{t("chartTable", { title })}</summary>
        {table}
      </details>
    </figure>
  );
}
