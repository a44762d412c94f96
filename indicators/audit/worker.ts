/**
 * The audit run in a worker thread (the app's requests must not wait on thousands of scenarios):
 * receives a cohort, its method and the space, posts progress and then the audit as plain data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runAudit, type AuditJob } from "./job";

const job = workerData as AuditJob;
try {
  const result = runAudit(job, (progress) => parentPort!.postMessage({ type: "progress", progress }));
  parentPort!.postMessage({ type: "done", result });
} catch (error) {
  parentPort!.postMessage({ type: "failed", error: (error as Error).message });
}
