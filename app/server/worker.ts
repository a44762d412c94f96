/**
 * npm run worker — a process that only works background jobs (report batches, scheduled
 * reminders) from the queue in DATABASE_URL's PostgreSQL. Start any number, on any machine; each
 * takes the next job, and a job whose worker dies is retried by another once its attempt times out.
 * On the embedded database the server works the jobs itself (and holds DATA_DIR's lock).
 */
import { getDatabase } from "../platform/db.server";
import { getEnv } from "../platform/env.server";
import { storagePlacement } from "../platform/storage.server";
import { setJobQueue, startJobQueue } from "../platform/jobs/queue.server";
import { getLogger } from "../platform/observability/logger.server";
import { backgroundJobs } from "./background-jobs";

async function main() {
  const env = getEnv();
  const logger = getLogger();
  const database = await getDatabase();
  // A worker writes the reports it builds: the same rule as the server's for where files may live.
  const placement = storagePlacement(env, database.driver);
  if (placement?.refuse) throw new Error(placement.warning);
  if (placement) logger.warn(placement.warning);
  const queue = await startJobQueue(database, { workers: Math.max(1, env.JOB_WORKERS), attemptTimeoutSeconds: env.JOB_ATTEMPT_TIMEOUT_SECONDS });
  setJobQueue(Promise.resolve(queue));
  const jobs = backgroundJobs(env);
  await queue.work(jobs);
  logger.info({ driver: database.driver, jobs: jobs.map((j) => j.name), workersPerQueue: Math.max(1, env.JOB_WORKERS) }, "worker started");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing the jobs in hand");
    await queue.stop(env.SHUTDOWN_GRACE_SECONDS);
    await database.close();
    logger.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: Error) => {
  console.error(`The worker could not start: ${error.message}`);
  process.exit(1);
});
