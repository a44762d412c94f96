/** npm run bench: every benchmark, as one JSON document on stdout. */
import { auditBench } from "./audit.bench";
import { cliBench } from "./cli.bench";
import { qualityBench } from "./quality.bench";
import { rankingBench } from "./ranking.bench";
import { renderBench } from "./render.bench";
import { reportsBench } from "./reports.bench";
import { scoringBench } from "./scoring.bench";
import { surveyLoadBench } from "./survey-load.bench";
import { townScaleBench } from "./town-scale.bench";

type Result = { targetMs?: number | null; medianMs?: number; pass?: boolean | null };
const judged = (r: Result & Record<string, unknown>) =>
  "pass" in r ? r : { ...r, pass: r.targetMs === null || r.targetMs === undefined ? null : r.medianMs! <= r.targetMs };

const results = [...scoringBench(), ...auditBench(), ...cliBench(), ...qualityBench(), ...(await reportsBench()), ...(await rankingBench()), ...(await renderBench()), ...(process.argv.includes("--towns") ? await townScaleBench() : []), ...(await surveyLoadBench())].map(judged);
process.stdout.write(
  JSON.stringify({ node: process.version, cpus: (await import("node:os")).cpus().length, date: new Date().toISOString(), results }, null, 2) + "\n",
);
