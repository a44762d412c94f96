import { createHash } from "node:crypto";

/** What a job's code learns about the attempt it runs in. */
export interface JobContext {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** No retry follows if this attempt fails: the job must record the failure where users see it. */
  finalAttempt: boolean;
}

/**
 * A kind of background work. Its payload is JSON; `run` must be safe to run again after a crash
 * part-way (a worker killed mid-job has its job retried by another once the attempt times out).
 */
export interface JobDefinition<P extends object = object> {
  /** The queue's name: letters, digits, dots and dashes. */
  name: string;
  run(payload: P, context: JobContext): Promise<void>;
  retryLimit: number;
  retryDelaySeconds: number;
  /** The longest one attempt may run; past it the attempt counts as lost (its worker died) and is retried. */
  attemptTimeoutSeconds: number;
  /**
   * Jobs of this kind a worker takes in one fetch (default 1), for kinds queued by the thousand:
   * pg-boss sorts every waiting job of the queue to find the next, which cost a batch of 17,000
   * reports about 50 ms of database time per report. Each job still succeeds, fails and is retried
   * on its own; every job taken must be done within one attempt timeout.
   */
  takenTogether?: number;
  /** Started by the queue itself on a cron schedule (UTC), once across every process. */
  schedule?: { cron: string; payload: P };
}

export const defineJob = <P extends object>(definition: JobDefinition<P>): JobDefinition<P> => definition;

/**
 * A job id derived from what the job is about (RFC 4122 name-based layout over SHA-256): sending
 * the same work twice queues it once.
 */
export function jobIdFor(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
