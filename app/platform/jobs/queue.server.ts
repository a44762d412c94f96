import PgBoss from "pg-boss";
import type { Database } from "../../../db/client";
import { getDatabase } from "../db.server";
import { getEnv } from "../env.server";
import { errorField, getLogger } from "../observability/logger.server";
import type { JobDefinition } from "./job";

export interface JobQueueOptions {
  /** Workers per queue in this process (0: this process only sends). */
  workers: number;
  /** Overrides every job's attempt timeout (tests; operators who know their machines). */
  attemptTimeoutSeconds?: number;
}

export interface JobQueue {
  /**
   * Queues a job; with an `id` (a UUID derived from what the job is about), sending the same job
   * twice queues it once: null the second time.
   */
  send<P extends object>(job: JobDefinition<P>, payload: P, options?: { id?: string }): Promise<string | null>;
  /** Queues many jobs of one kind in one statement (a batch of every town's report), each with its id. */
  sendMany<P extends object>(job: JobDefinition<P>, jobs: { id: string; payload: P }[]): Promise<void>;
  /** Starts this process's workers for these jobs and their schedules. */
  work(jobs: JobDefinition<never>[]): Promise<void>;
  /** Jobs queued or running, per queue. */
  waiting(): Promise<Record<string, number>>;
  /** Stops taking jobs, waits (bounded) for the ones running here, and closes. */
  stop(graceSeconds?: number): Promise<void>;
}

/**
 * The platform's job queue: pg-boss (decision 013) on the app's own database, on either driver —
 * its SQL goes through the Database's connections, so on PostgreSQL any number of processes on
 * any machines share the queue, and on the embedded database the same code runs in-process.
 */
export async function startJobQueue(database: Database, options: JobQueueOptions): Promise<JobQueue> {
  const timeoutOf = (job: JobDefinition<never>) => options.attemptTimeoutSeconds ?? job.attemptTimeoutSeconds;
  const boss = new PgBoss({
    db: database.sqlExecutor as PgBoss.Db,
    // How often a lost attempt is noticed: never later than the shortest timeout, at most a minute.
    maintenanceIntervalSeconds: Math.min(60, options.attemptTimeoutSeconds ?? 60),
    monitorStateIntervalSeconds: 60,
  });
  const logger = getLogger();
  boss.on("error", (error) => logger.error({ err: errorField(error) }, "job queue error"));
  await boss.start();
  const created = new Map<string, Promise<void>>();
  const working = new Set<string>();
  const workerIds = new Map<string, string[]>();
  /** Wakes this process's idle workers of a queue now rather than at their next poll. */
  const wake = (name: string) => {
    for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
  };
  const known = new Set<string>();

  const ensureQueue = (job: JobDefinition<never>) => {
    known.add(job.name);
    if (!created.has(job.name))
      created.set(
        job.name,
        boss.createQueue(job.name, { name: job.name, retryLimit: job.retryLimit, retryDelay: job.retryDelaySeconds, retryBackoff: true, expireInSeconds: timeoutOf(job) }),
      );
    return created.get(job.name)!;
  };

  const startWorkers = async (job: JobDefinition<never>) => {
    if (options.workers === 0 || working.has(job.name)) return;
    working.add(job.name);
    const ids: string[] = [];
    workerIds.set(job.name, ids);
    for (let i = 0; i < options.workers; i++) {
      const id = await boss.work(job.name, { includeMetadata: true, pollingIntervalSeconds: 1, batchSize: job.takenTogether ?? 1 }, async (attempts) => {
        try {
          // pg-boss completes the jobs taken that are still active once this returns: a failed one is
          // failed here, on its own, and so is no longer active.
          for (const attempt of attempts) {
            const started = performance.now();
            const context = { jobId: attempt.id, retryCount: attempt.retryCount, finalAttempt: attempt.retryCount >= attempt.retryLimit };
            try {
              await job.run(attempt.data as never, context);
              logger.info({ job: job.name, jobId: attempt.id, ms: Math.round(performance.now() - started) }, "job done");
            } catch (error) {
              logger.warn({ job: job.name, jobId: attempt.id, retryCount: attempt.retryCount, final: context.finalAttempt, err: errorField(error) }, "job attempt failed");
              await boss.fail(job.name, attempt.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }
        } finally {
          // A queue with work waiting is drained back to back, not one take per polling interval.
          wake(job.name);
        }
      });
      ids.push(id);
    }
  };

  return {
    async send(job, payload, sendOptions = {}) {
      await ensureQueue(job as JobDefinition<never>);
      // A process that only sends still works the jobs it sends when it has workers (the embedded database's single process).
      await startWorkers(job as JobDefinition<never>);
      const id = await boss.send(job.name, payload, { id: sendOptions.id, expireInSeconds: timeoutOf(job as JobDefinition<never>) });
      wake(job.name);
      return id;
    },
    async sendMany(job, jobs) {
      await ensureQueue(job as JobDefinition<never>);
      await startWorkers(job as JobDefinition<never>);
      const expireInSeconds = timeoutOf(job as JobDefinition<never>);
      // A few thousand rows per statement keeps each insert's parameters well inside PostgreSQL's limits.
      for (let at = 0; at < jobs.length; at += 2000)
        await boss.insert(jobs.slice(at, at + 2000).map(({ id, payload }) => ({ id, name: job.name, data: payload, expireInSeconds, retryLimit: job.retryLimit, retryDelay: job.retryDelaySeconds, retryBackoff: true })));
      wake(job.name);
    },
    async work(jobs) {
      for (const job of jobs) {
        await ensureQueue(job);
        await startWorkers(job);
        if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.payload);
      }
    },
    async waiting() {
      const counts: Record<string, number> = {};
      for (const name of [...known].sort()) counts[name] = await boss.getQueueSize(name, { before: "completed" });
      return counts;
    },
    async stop(graceSeconds = 10) {
      await boss.stop({ graceful: true, wait: true, timeout: graceSeconds * 1000, close: false });
    },
  };
}

// The server entry and the Remix bundle each load their own copy of this module: one queue for both.
const holder = globalThis as typeof globalThis & { __zhipingJobQueue?: Promise<JobQueue> };

/** Makes a started queue the process's (the server and worker entries, tests). */
export function setJobQueue(queue: Promise<JobQueue>) {
  holder.__zhipingJobQueue = queue;
}

/** The process's queue; started on first use over the process's database when no entry started one. */
export function getJobQueue(): Promise<JobQueue> {
  holder.__zhipingJobQueue ??= getDatabase().then((database) => startJobQueue(database, jobQueueOptions()));
  return holder.__zhipingJobQueue;
}

/** Workers and timeouts as the environment sets them. */
export const jobQueueOptions = (env = getEnv()): JobQueueOptions => ({ workers: env.JOB_WORKERS, attemptTimeoutSeconds: env.JOB_ATTEMPT_TIMEOUT_SECONDS });

/** Stops the process's queue (its workers finish their current job, bounded) and forgets it: tests, before closing their database. */
export async function stopJobQueue(graceSeconds = 5) {
  const queue = holder.__zhipingJobQueue;
  holder.__zhipingJobQueue = undefined;
  if (queue) await (await queue).stop(graceSeconds);
}
