import type { ChartConfiguration } from "chart.js";
import { useT } from "../i18n";
import { ChartFigure, PALETTE } from "../../ui/chart";

export interface RankRange {
  name: string;
  median: number;
  q5: number;
  q95: number;
}

/**
 * Dot and whisker: each city's 90% rank range (a floating bar from the 5th to the 95th percentile)
 * and its median rank (the dot), sorted by median; rank 1 at the top.
 */
export function RankRangeChart({ ranges, limit = 50 }: { ranges: RankRange[]; limit?: number }) {
  const t = useT();
  const shown = [...ranges].sort((a, b) => a.median - b.median || a.q5 - b.q5).slice(0, limit);
  // A range of one place still shows as a short bar.
  const pad = 0.15;
  const config: ChartConfiguration = {
    type: "bar",
    data: {
      labels: shown.map((r) => r.name),
      datasets: [
        { type: "bar", label: t("rankRange90"), data: shown.map((r) => [r.q5 - pad, r.q95 + pad]) as unknown as number[], backgroundColor: `${PALETTE[0]}66`, borderColor: PALETTE[0], borderWidth: 1, barPercentage: 0.5 },
        { type: "line", label: t("medianRank"), data: shown.map((r) => r.median), showLine: false, pointRadius: 4, backgroundColor: PALETTE[5], borderColor: PALETTE[5] },
      ],
    },
    options: { indexAxis: "y", scales: { x: { min: 0.5, reverse: false, title: { display: true, text: t("nominalRank") } } } },
  };
  return (
    <ChartFigure
      title={t("rankRangeChart")}
      config={config}
      height={80 + 22 * shown.length}
      testId="rank-range-chart"
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t("city")}</th>
              <th scope="col">{t("medianRank")}</th>
              <th scope="col">{t("rankRange90")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td className="num">{r.median}</td>
                <td className="num">{r.q5 === r.q95 ? r.q5 : `${r.q5}–${r.q95}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
