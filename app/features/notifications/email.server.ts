import { randomUUID } from "node:crypto";
import type { Db } from "../../../db/client";
import { outbox } from "../../../db/schema";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../platform/db.server";
import { getEnv } from "../../platform/env.server";
import { defineJob, jobIdFor } from "../../platform/jobs/job";
import { getJobQueue } from "../../platform/jobs/queue.server";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

export interface EmailConfig {
  /** HTTP e-mail API endpoint (POST JSON); unset → messages stay in the outbox only. */
  apiUrl?: string;
  apiKey?: string;
  from: string;
}

export const emailConfigFromEnv = (env = getEnv()): EmailConfig => ({ apiUrl: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM });

/**
 * Sends through the configured HTTP e-mail API and records every message in the outbox, so a
 * platform admin can read what was sent (and, with no API configured, deliver it by hand).
 */
/** One message through the configured HTTP e-mail API: what happened, and why when it failed. */
async function postEmail(config: EmailConfig & { apiUrl: string }, message: EmailMessage): Promise<{ status: "sent" | "failed"; error: string | null }> {
  try {
    const response = await fetch(config.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({ from: config.from, to: message.to, subject: message.subject, text: message.text }),
    });
    if (response.ok) return { status: "sent", error: null };
    return { status: "failed", error: `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}` };
  } catch (e) {
    return { status: "failed", error: (e as Error).message };
  }
}

export async function sendEmail(db: Db, message: EmailMessage, config: EmailConfig = emailConfigFromEnv()): Promise<"sent" | "outbox" | "failed"> {
  const { status, error } = config.apiUrl ? await postEmail({ ...config, apiUrl: config.apiUrl }, message) : { status: "outbox" as const, error: null };
  await db.insert(outbox).values({ id: randomUUID(), ...message, status, error });
  return status;
}

/**
 * Many messages written to the outbox inside the caller's transaction, so they exist exactly when
 * what they announce does; with an e-mail API they are "queued" and `deliverQueuedEmails` hands
 * them to the job queue after the commit (a thousand invitations never wait on HTTP in a request).
 */
export async function queueEmails(tx: Db, messages: EmailMessage[], config: EmailConfig = emailConfigFromEnv()): Promise<string[]> {
  const status = config.apiUrl ? "queued" : "outbox";
  const rows = messages.map((m) => ({ id: randomUUID(), ...m, status, error: null }));
  for (let at = 0; at < rows.length; at += 1000) await tx.insert(outbox).values(rows.slice(at, at + 1000));
  return status === "queued" ? rows.map((r) => r.id) : [];
}

/** Sends one queued outbox message; a failure is retried by the queue and recorded on its last attempt. */
export const deliverEmailJob = defineJob<{ outboxId: string }>({
  name: "email.deliver",
  retryLimit: 5,
  retryDelaySeconds: 30,
  attemptTimeoutSeconds: 60,
  async run({ outboxId }, { finalAttempt }) {
    const db = await getDb();
    const [message] = await db.select().from(outbox).where(and(eq(outbox.id, outboxId), eq(outbox.status, "queued")));
    const config = emailConfigFromEnv();
    if (!message || !config.apiUrl) return;
    const { status, error } = await postEmail({ ...config, apiUrl: config.apiUrl }, message);
    if (status === "failed" && !finalAttempt) throw new Error(`e-mail ${outboxId} not delivered: ${error}`);
    await db.update(outbox).set({ status, error }).where(and(eq(outbox.id, outboxId), eq(outbox.status, "queued")));
  },
});

/** Queued messages handed to the workers, one job each (sent twice, queued once). */
export async function deliverQueuedEmails(outboxIds: string[]) {
  if (!outboxIds.length) return;
  await (await getJobQueue()).sendMany(deliverEmailJob, outboxIds.map((outboxId) => ({ id: jobIdFor("email.deliver", outboxId), payload: { outboxId } })));
}
