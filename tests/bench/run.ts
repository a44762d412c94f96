/** npm run bench: every benchmark, as one JSON document on stdout. */
import { scoringBench } from "./scoring.bench";

const results = [...scoringBench()].map((r) => ({ ...r, pass: r.targetMs === null ? null : r.medianMs <= r.targetMs }));
process.stdout.write(
  JSON.stringify({ node: process.version, cpus: (await import("node:os")).cpus().length, date: new Date().toISOString(), results }, null, 2) + "\n",
);
