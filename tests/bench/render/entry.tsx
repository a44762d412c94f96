/**
 * Browser side of the render benchmark: the ranking page's table (same component, same column
 * kinds) with 20,401 synthetic towns. Reports the time to the first painted frame and, per scroll
 * jump, the main-thread work it causes: the virtualiser's scroll handler renders synchronously
 * (flushSync), so a capture listener on the document and a listener on the scroller registered
 * after the virtualiser's bracket it; reading offsetHeight then forces the layout of the new rows.
 */
import type { ColumnDef } from "@tanstack/react-table";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { RankingTable } from "../../../app/features/results";
import "../../../app/styles.css";

type Row = { code: string; name: string; province: string; score: string; rank: number; dimensions: string[]; coverage: string; status: string };

const DIMENSIONS = 9;
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function towns(count: number): Row[] {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, k) => ({
    code: String(100_000_000 + k),
    name: `试点镇${k + 1}`,
    province: ["浙江省", "江苏省", "广东省", "四川省"][k % 4]!,
    score: (100 * next()).toFixed(1),
    rank: k + 1,
    dimensions: Array.from({ length: DIMENSIONS }, () => (100 * next()).toFixed(1)),
    coverage: `${Math.round(100 * next())}%`,
    status: "已签发",
  }));
}

const columns: ColumnDef<Row>[] = [
  { id: "select", header: "对比", enableSorting: false, enableHiding: false, cell: ({ row }) => <input type="checkbox" aria-label={`对比 ${row.original.name}`} /> },
  { id: "rank", header: "排名", cell: ({ row }) => row.original.rank },
  { id: "name", header: "城市", cell: ({ row }) => <a href={`#${row.original.code}`}>{row.original.name}</a> },
  { id: "code", header: "区划代码", cell: ({ row }) => row.original.code },
  { id: "province", header: "省份", cell: ({ row }) => row.original.province },
  { id: "score", header: "综合得分", cell: ({ row }) => <strong>{row.original.score}</strong> },
  ...Array.from({ length: DIMENSIONS }, (_, i): ColumnDef<Row> => ({ id: `D${i + 1}`, header: `D${i + 1}`, cell: ({ row }) => row.original.dimensions[i] })),
  { id: "coverage", header: "数据覆盖", cell: ({ row }) => row.original.coverage },
  { id: "status", header: "状态", cell: ({ row }) => row.original.status },
];

async function run(count: number, jumps: number) {
  const rows = towns(count);
  const root = createRoot(document.getElementById("root")!);
  const start = performance.now();
  flushSync(() =>
    root.render(
      <RankingTable
        storageKey="zhiping.bench.columns" rows={rows} columns={columns} sort={null} onSort={() => {}} rowKey={(r) => r.code} labels={{ columns: "列", sortAscending: "升序", sortDescending: "降序", rows: (n) => `${n} 行` }} />,
    ),
  );
  const firstFrameMs = (await nextFrame()) - start;
  const scroller = document.querySelector<HTMLElement>(".ranking-scroll")!;
  const jumpMs: number[] = [];
  const handledMs: number[] = [];
  let handlingStart = 0;
  document.addEventListener("scroll", () => (handlingStart = performance.now()), { capture: true });
  scroller.addEventListener("scroll", () => {
    void scroller.offsetHeight;
    handledMs.push(performance.now() - handlingStart);
  });
  for (let j = 0; j < jumps; j++) {
    const target = Math.floor((((j * 7919) % count) / count) * (scroller.scrollHeight - scroller.clientHeight));
    const before = performance.now();
    scroller.scrollTop = target;
    await nextFrame();
    jumpMs.push(performance.now() - before);
  }
  const renderedRows = document.querySelectorAll("table.ranking tbody tr[aria-rowindex]").length;
  scroller.scrollTop = scroller.scrollHeight;
  await nextFrame();
  const bottomRow = Number([...document.querySelectorAll("table.ranking tbody tr[aria-rowindex]")].at(-1)?.getAttribute("aria-rowindex") ?? 0);
  return { firstFrameMs, jumpMs, handledMs, renderedRows, bottomRowIndex: bottomRow };
}

(window as unknown as { runBench: typeof run }).runBench = run;
