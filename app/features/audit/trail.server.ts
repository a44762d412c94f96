import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { auditEvent, evidence, user } from "../../../db/schema";
import { recordedActorName } from "./chain.server";

/** What an audit entry held before or after a change, without internal ids. */
export interface HistoryDetail {
  value?: number | null;
  narrative?: string;
  dataSource?: string;
  decision?: string;
  verdict?: string;
  comment?: string;
  status?: string;
  round?: number;
  name?: string;
  hash?: string;
  index?: number | null;
  /** Campaign entries: the campaign's own status, a cohort city, deadlines, publication. */
  campaignStatus?: string;
  city?: string;
  /** How many cities a bulk addition added (their codes stay in the entry, not on the page). */
  cities?: number;
  submissionDeadline?: string;
  reviewDeadline?: string;
  publishedAt?: string | null;
  frameworkRef?: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  by: string | null;
  action: string;
  code: string | null;
  before: HistoryDetail | null;
  after: HistoryDetail | null;
  reason: string | null;
}

const SHOWN: (keyof HistoryDetail)[] = ["value", "narrative", "dataSource", "decision", "verdict", "comment", "status", "round", "name", "hash", "index", "city", "cities", "submissionDeadline", "reviewDeadline", "publishedAt", "frameworkRef"];

function detail(raw: unknown, entity: TrailEntity): HistoryDetail | null {
  if (!raw || typeof raw !== "object") return null;
  const picked: Record<string, unknown> = Object.fromEntries(SHOWN.filter((k) => k in raw).map((k) => [k, (raw as Record<string, unknown>)[k]]));
  // A campaign's status is not a submission's: each is named from its own vocabulary.
  if (entity === "campaign" && "status" in picked) {
    picked.campaignStatus = picked.status;
    delete picked.status;
  }
  return Object.keys(picked).length ? (picked as HistoryDetail) : null;
}

export type TrailEntity = "campaign" | "submission";

/**
 * The one reader of the audit trail, as people read it, newest first: for a submission every value
 * saved, review decision, evidence change and verdict, status change and frozen result; for a
 * campaign its settings, deadlines, cohort, status and publication — with who, when, before, after
 * and why. `hiddenAgencies` are agencies whose reviews and verdicts this reader may not see (the
 * city sees only the primary assessor's); `hideReturnReasons` keeps the primary's return comments
 * from a second assessor still scoring blind. `code` keeps one indicator's entries and the submission-wide ones out.
 */
export async function auditTrail(db: Db, campaignId: string, entity: TrailEntity, entityId: string, opts: { code?: string; hiddenAgencies?: string[]; hideReturnReasons?: boolean; limit?: number } = {}): Promise<HistoryEntry[]> {
  const byCode = opts.code ? or(sql`${auditEvent.after} ->> 'code' = ${opts.code}`, sql`${auditEvent.before} ->> 'code' = ${opts.code}`) : undefined;
  const rows = await db
    .select({ seq: auditEvent.seq, at: auditEvent.at, by: recordedActorName, action: auditEvent.action, before: auditEvent.before, after: auditEvent.after, reason: auditEvent.reason })
    .from(auditEvent)
    .leftJoin(user, eq(user.id, auditEvent.actorUserId))
    .where(and(eq(auditEvent.campaignId, campaignId), eq(auditEvent.entity, entity), eq(auditEvent.entityId, entityId), byCode))
    .orderBy(desc(auditEvent.seq))
    .limit(opts.limit ?? 300);
  const hidden = new Set(opts.hiddenAgencies ?? []);
  const visible = rows.filter((r) => {
    const agency = ((r.after ?? r.before) as { agency?: string } | null)?.agency;
    return !agency || !hidden.has(agency);
  });
  // Verdicts name their evidence by id only (additions and removals carry the name); readers need the name.
  const judged = [...new Set(visible.flatMap((r) => (r.action === "evidence.judged" ? [(r.after as { evidence: string }).evidence] : [])))];
  const names = new Map(judged.length ? (await db.select({ id: evidence.id, name: evidence.name }).from(evidence).where(inArray(evidence.id, judged))).map((e) => [e.id, e.name]) : []);
  const named = (raw: unknown) => {
    const d = detail(raw, entity);
    const id = (raw as { evidence?: string } | null)?.evidence;
    return id && names.has(id) ? { ...d, name: names.get(id) } : d;
  };
  return visible.map((r) => ({
    seq: r.seq,
    at: r.at,
    by: r.by,
    action: r.action,
    code: ((r.after ?? r.before) as { code?: string } | null)?.code ?? null,
    before: named(r.before),
    after: named(r.after),
    reason: opts.hideReturnReasons && r.action === "status.returned" ? null : r.reason,
  }));
}
