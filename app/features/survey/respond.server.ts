import { randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../../db/client";
import { surveyRateLimit, surveyResponse, type SurveyRejection } from "../../../db/schema";
import { parseAnswer } from "../../../indicators";
import { problem, type Problem } from "../i18n";
import { addressKey, deviceHash, readTicket } from "./device.server";
import { HONEYPOT_FIELD } from "./link";
import { surveyPhase, type PublicSurveyTarget } from "./survey.server";

/** Faster than this, nobody has read the questions: the response is kept, set aside and counted. */
export const MIN_COMPLETION_SECONDS = 8;
/** A served form is good for this long; after that the answers are shown again with a fresh form. */
export const TICKET_LIFETIME_SECONDS = 2 * 3600;
/** Responses one client address may send per campaign and window: a household or an office behind one NAT, not a script. */
export const ADDRESS_LIMIT = { responses: 30, windowSeconds: 600 };

export type RecordOutcome =
  | { kind: "recorded" }
  | { kind: "already-answered" }
  | { kind: "closed" }
  | { kind: "expired" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "invalid"; problems: { field: string; problem: Problem }[] };

/** The answers a form sends, checked question by question: each one required, each in its range. */
export function readAnswers(target: PublicSurveyTarget, form: FormData) {
  const problems: { field: string; problem: Problem }[] = [];
  const answers: Record<string, number | string> = {};
  for (const ind of target.indicators)
    for (const q of ind.survey.questions) {
      const field = `${ind.code}:${q.id}`;
      const raw = form.get(field);
      const answer = parseAnswer(q, typeof raw === "string" ? raw : undefined);
      if (answer === null) problems.push({ field, problem: problem(raw === null || raw === "" ? "p_surveyAnswerMissing" : "p_surveyAnswerInvalid") });
      else answers[field] = answer;
    }
  const profile: Record<string, string> = {};
  for (const quota of target.survey.quotas) {
    const field = `quota:${quota.id}`;
    const raw = form.get(field);
    if (typeof raw === "string" && quota.categories.some((c) => c.value === raw)) profile[quota.id] = raw;
    else problems.push({ field, problem: problem(raw === null || raw === "" ? "p_surveyAnswerMissing" : "p_surveyAnswerInvalid") });
  }
  return { answers, profile, problems };
}

/** The address's window counted once more, as SQL: the count and when the window began. */
function countAgainstAddress(campaignId: string, address: string, now: Date) {
  const cutoff = new Date(now.getTime() - ADDRESS_LIMIT.windowSeconds * 1000).toISOString();
  return sql`
    insert into survey_rate_limit (key, window_start, count) values (${addressKey(campaignId, address)}, ${now.toISOString()}, 1)
    on conflict (key) do update set
      count = case when survey_rate_limit.window_start < ${cutoff} then 1 else survey_rate_limit.count + 1 end,
      window_start = case when survey_rate_limit.window_start < ${cutoff} then ${now.toISOString()}::timestamptz else survey_rate_limit.window_start end
    returning count, window_start`;
}

type LimitRow = { count: number; window_start: string | Date };

function limitOutcome(row: LimitRow, now: Date): { ok: boolean; retryAfterSeconds: number } {
  const ends = new Date(row.window_start).getTime() + ADDRESS_LIMIT.windowSeconds * 1000;
  return { ok: row.count <= ADDRESS_LIMIT.responses, retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)) };
}

/** Old windows are cleared now and then, so the counter table stays the size of one window's addresses. */
async function clearOldWindowsNowAndThen(db: Db, now: Date) {
  if (Math.random() < 0.01) await db.delete(surveyRateLimit).where(lt(surveyRateLimit.windowStart, new Date(now.getTime() - ADDRESS_LIMIT.windowSeconds * 1000)));
}

export async function hasAnswered(db: Db, target: PublicSurveyTarget, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: surveyResponse.id })
    .from(surveyResponse)
    .where(and(eq(surveyResponse.campaignId, target.campaign.id), eq(surveyResponse.cityOrgId, target.cityOrgId), eq(surveyResponse.deviceHash, deviceHash(token))));
  return Boolean(row);
}

/**
 * Records one citizen's answers. Checks in order: the survey takes answers, the ticket is this
 * device's and fresh, the address is within its limit (over it, nothing else is said), every answer
 * is valid; the count and the insert are one statement, which the device's unique key makes store
 * at most one response per device. A filled honeypot or a too-fast response is
 * stored set aside (and counted as such), and answered like any other, so a script learns nothing.
 */
export async function recordResponse(
  db: Db,
  target: PublicSurveyTarget,
  input: { token: string; ticket: string; form: FormData; address: string | null; now?: Date },
): Promise<RecordOutcome> {
  const now = input.now ?? new Date();
  if (target.cityFrozen || surveyPhase(target.survey, now) !== "open") return { kind: "closed" };
  const ids = { campaignId: target.campaign.id, cityOrgId: target.cityOrgId };
  const issuedAt = readTicket(input.ticket, ids, input.token);
  if (issuedAt === null || now.getTime() - issuedAt > TICKET_LIFETIME_SECONDS * 1000 || issuedAt > now.getTime() + 60_000) return { kind: "expired" };
  const address = input.address ?? "unknown";
  const { answers, profile, problems } = readAnswers(target, input.form);
  const honeypot = input.form.get(HONEYPOT_FIELD);
  const secondsTaken = Math.max(0, Math.floor((now.getTime() - issuedAt) / 1000));
  const rejection: SurveyRejection | null = typeof honeypot === "string" && honeypot.trim() !== "" ? "honeypot" : secondsTaken < MIN_COMPLETION_SECONDS ? "too_fast" : null;
  await clearOldWindowsNowAndThen(db, now);
  // A person who missed a question is told which, however fast they were; a bot that filled the honeypot is not.
  // Either way the attempt counts against the address, and an address over its limit learns only that.
  if (problems.length && rejection !== "honeypot") {
    const limit = limitOutcome(rowsOf<LimitRow>(await db.execute(countAgainstAddress(target.campaign.id, address, now)))[0]!, now);
    return limit.ok ? { kind: "invalid", problems } : { kind: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  // Counted and stored in one statement (one round trip on the busiest path): stored only within
  // the limit, and at most once per device, which the device's unique key decides.
  const response = { id: randomUUID(), deviceHash: deviceHash(input.token), answers: JSON.stringify(answers), profile: JSON.stringify(profile) };
  const [row] = rowsOf<LimitRow & { stored: number }>(
    await db.execute(sql`
      with counted as (${countAgainstAddress(target.campaign.id, address, now)}),
      stored as (
        insert into survey_response (id, campaign_id, city_org_id, device_hash, answers, profile, seconds_taken, rejection, received_at)
        select ${response.id}, ${target.campaign.id}, ${target.cityOrgId}, ${response.deviceHash}, ${response.answers}::jsonb, ${response.profile}::jsonb,
               ${secondsTaken}::int, ${rejection}::text, ${now.toISOString()}::timestamptz
        from counted where counted.count <= ${ADDRESS_LIMIT.responses}
        on conflict do nothing
        returning id
      )
      select counted.count, counted.window_start, (select count(*) from stored)::int as stored from counted`),
  );
  const limit = limitOutcome(row!, now);
  if (!limit.ok) return { kind: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };
  return row!.stored ? { kind: "recorded" } : { kind: "already-answered" };
}
