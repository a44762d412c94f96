import type { ChartConfiguration } from "chart.js";
import { isIndicator, type Framework, type WeightShare } from "../../../indicators/browser";
import { localText, useLocale, useT } from "~/features/i18n";
import { ChartFigure, PALETTE } from "~/ui/chart";

/**
 * A sunburst of effective weights: dimensions on the inner ring, indicators on the outer ring in
 * their dimension's colour (a doughnut of two datasets: chart.js needs no plugin for it).
 */
export function SharesChart({ document, shares }: { document: Framework; shares: WeightShare[] }) {
  const t = useT();
  const locale = useLocale();
  const share = new Map(shares.map((s) => [s.code, s]));
  const dimensions = document.dimensions;
  const leaves: { code: string; name: string; share: number; colour: string }[] = [];
  const collect = (node: Framework["dimensions"][number], colour: string) => {
    if (isIndicator(node)) leaves.push({ code: node.code, name: localText(locale, node.name), share: share.get(node.code)!.effective, colour });
    else node.children.forEach((c) => collect(c, colour));
  };
  dimensions.forEach((d, i) => collect(d, `${PALETTE[i % PALETTE.length]}aa`));
  const dimensionColours = dimensions.map((_, i) => PALETTE[i % PALETTE.length]!);
  const pct = (v: number) => Math.round(v * 10000) / 100;
  const config: ChartConfiguration = {
    type: "doughnut",
    data: {
      labels: [...dimensions.map((d) => `${d.code} ${localText(locale, d.name)}`), ...leaves.map((l) => `${l.code} ${l.name}`)],
      datasets: [
        // One label list for both rings: each ring is zero where the other one's items are, so a tooltip always names its own arc.
        { label: t("effectiveShare"), data: [...dimensions.map(() => 0), ...leaves.map((l) => pct(l.share))], backgroundColor: [...dimensionColours, ...leaves.map((l) => l.colour)] },
        { label: t("effectiveShare"), data: [...dimensions.map((d) => pct(share.get(d.code)!.effective)), ...leaves.map(() => 0)], backgroundColor: [...dimensionColours, ...leaves.map((l) => l.colour)] },
      ],
    },
    options: { plugins: { legend: { display: false } } },
  };
  return (
    <ChartFigure
      title={t("weightSharesChart")}
      config={config}
      height={320}
      testId="shares-chart"
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t("codeColumn")}</th>
              <th scope="col">{t("nameColumn")}</th>
              <th scope="col">{t("effectiveShare")}</th>
            </tr>
          </thead>
          <tbody>
            {dimensions.map((d) => (
              <tr key={d.code}>
                <td>{d.code}</td>
                <td>{localText(locale, d.name)}</td>
                <td className="num">{pct(share.get(d.code)!.effective)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
