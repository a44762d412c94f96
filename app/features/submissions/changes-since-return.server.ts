import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { auditEvent, user } from "../../../db/schema";
import { recordedActorName } from "../audit/index.server";

interface SavedValue {
  code: string;
  value?: number | null;
  narrative?: string;
  dataSource?: string;
}

interface EvidenceChange {
  evidence: string;
  code: string;
  name: string;
}

export interface IndicatorChange {
  code: string;
  /** Value and narrative when the submission was returned, and now; null when only evidence changed. */
  value: { before: SavedValue; after: SavedValue } | null;
  evidenceAdded: string[];
  evidenceRemoved: string[];
  by: string[];
  at: string;
}

export interface ChangesSinceReturn {
  round: number;
  returnedAt: string;
  reason: string | null;
  changes: IndicatorChange[];
  /** Indicators the assessor returned that the city has not touched since. */
  untouched: string[];
}

const sameValue = (a: SavedValue, b: SavedValue) => (a.value ?? null) === (b.value ?? null) && (a.narrative ?? "") === (b.narrative ?? "") && (a.dataSource ?? "") === (b.dataSource ?? "");

/**
 * What the city changed after the submission was last returned, read from the audit trail: the
 * net change of each value (a value changed and changed back is not a change), evidence added and
 * removed, and who did it. `returnedCodes` are the indicators the assessor returned.
 */
export async function changesSinceReturn(db: Db, campaignId: string, submissionId: string, round: number, indicatorOrder: string[], returnedCodes: string[]): Promise<ChangesSinceReturn | null> {
  const ofSubmission = and(eq(auditEvent.campaignId, campaignId), eq(auditEvent.entity, "submission"), eq(auditEvent.entityId, submissionId));
  const [returned] = await db.select().from(auditEvent).where(and(ofSubmission, eq(auditEvent.action, "status.returned"))).orderBy(desc(auditEvent.seq)).limit(1);
  if (!returned) return null;
  const events = await db
    .select({ action: auditEvent.action, before: auditEvent.before, after: auditEvent.after, at: auditEvent.at, by: recordedActorName })
    .from(auditEvent)
    .leftJoin(user, eq(user.id, auditEvent.actorUserId))
    .where(and(ofSubmission, gt(auditEvent.seq, returned.seq), inArray(auditEvent.action, ["value.saved", "evidence.added", "evidence.removed"])))
    .orderBy(asc(auditEvent.seq));

  const byCode = new Map<string, { first?: SavedValue; last?: SavedValue; added: EvidenceChange[]; removed: EvidenceChange[]; by: Set<string>; at: string }>();
  for (const ev of events) {
    // A save names its indicator before and after; an addition only after, a removal only before.
    const subject = (ev.action === "evidence.added" ? ev.after : ev.before) as SavedValue & EvidenceChange;
    const e = byCode.get(subject.code) ?? { added: [], removed: [], by: new Set<string>(), at: ev.at };
    byCode.set(subject.code, e);
    if (ev.action === "value.saved") {
      e.first ??= subject;
      e.last = ev.after as SavedValue;
    } else (ev.action === "evidence.added" ? e.added : e.removed).push(subject);
    e.by.add(ev.by ?? "—");
    e.at = ev.at;
  }
  const position = new Map(indicatorOrder.map((code, i) => [code, i]));
  const changes = [...byCode.entries()]
    .map(([code, e]) => ({
      code,
      value: e.first && e.last && !sameValue(e.first, e.last) ? { before: e.first, after: e.last } : null,
      // An upload removed again before resubmission is no change either.
      evidenceAdded: e.added.filter((a) => !e.removed.some((r) => r.evidence === a.evidence)).map((a) => a.name),
      evidenceRemoved: e.removed.filter((r) => !e.added.some((a) => a.evidence === r.evidence)).map((r) => r.name),
      by: [...e.by],
      at: e.at,
    }))
    .filter((c) => c.value || c.evidenceAdded.length || c.evidenceRemoved.length)
    .sort((a, b) => (position.get(a.code) ?? Infinity) - (position.get(b.code) ?? Infinity));
  const changed = new Set(changes.map((c) => c.code));
  return {
    round,
    returnedAt: returned.at,
    reason: returned.reason,
    changes,
    untouched: returnedCodes.filter((c) => !changed.has(c)),
  };
}
