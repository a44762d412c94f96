import { randomUUID } from "node:crypto";
import type { Db } from "../../../db/client";
import { outbox } from "../../../db/schema";
import { getEnv } from "../../platform/env.server";

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
export async function sendEmail(db: Db, message: EmailMessage, config: EmailConfig = emailConfigFromEnv()): Promise<"sent" | "outbox" | "failed"> {
  let status: "sent" | "outbox" | "failed" = "outbox";
  let error: string | null = null;
  if (config.apiUrl) {
    try {
      const response = await fetch(config.apiUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        body: JSON.stringify({ from: config.from, to: message.to, subject: message.subject, text: message.text }),
      });
      if (response.ok) status = "sent";
      else {
        status = "failed";
        error = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
      }
    } catch (e) {
      status = "failed";
      error = (e as Error).message;
    }
  }
  await db.insert(outbox).values({ id: randomUUID(), ...message, status, error });
  return status;
}
