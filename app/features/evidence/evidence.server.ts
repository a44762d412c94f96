import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { evidence, evidenceVerdict, submission, user, EVIDENCE_VERDICTS, type EvidenceVerdict } from "../../../db/schema";
import { frameworkIndicators } from "../../../indicators";
import { appendAudit, type Tx } from "../audit/index.server";
import { inspectEvidence } from "./content.server";
import { documentCreatedAt } from "./document-date.server";
import { problem, ProblemError, type Problem } from "../i18n/index.server";
import type { ObjectStorage } from "../../platform/storage.server";
import { campaignFramework, lockForCityChange, type SubmissionRow } from "../submissions/index.server";
import { TEXT_LIMITS, textTooLong } from "../../platform/text-limits";

/** A refused evidence change: the problem says what was wrong; nothing was stored. */
export class EvidenceError extends ProblemError {
  constructor(p: Problem, status = 400) {
    super(p, status);
    this.name = "EvidenceError";
  }
}

async function requireIndicator(db: Db, sub: SubmissionRow, code: string) {
  const { framework } = await campaignFramework(db, sub.campaignId);
  if (!frameworkIndicators(framework).some((i) => i.code === code)) throw new EvidenceError(problem("p_notAnIndicator", { code, framework: `${framework.id}@${framework.version}` }));
}

/** Locks the submission row (evidence changes take turns with saves and transitions) and checks the city may still change it. */
async function lockEditable(tx: Tx, sub: SubmissionRow) {
  const { refusal } = await lockForCityChange(tx, sub.id);
  if (refusal) throw new EvidenceError(refusal.problem, 409);
}

/** A file name as shown to people: no directories, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(-TEXT_LIMITS.fileName);
  return cleaned || "evidence";
}

/**
 * Stores an uploaded file as evidence for one indicator. The type comes from the content; the
 * object key from its SHA-256, so a retried or repeated upload reuses the same object and an
 * object stored before a failed database write is harmless.
 */
export async function addFileEvidence(db: Db, storage: ObjectStorage, sub: SubmissionRow, userId: string, input: { indicatorCode: string; fileName: string; bytes: Uint8Array }) {
  await requireIndicator(db, sub, input.indicatorCode);
  const name = cleanFileName(input.fileName);
  const inspection = await inspectEvidence(name, input.bytes);
  if (!inspection.ok) throw new EvidenceError(inspection.problem, inspection.tooLarge ? 413 : 400);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const storageKey = `evidence/${sub.campaignId}/${sub.id}/${sha256}`;
  await storage.put(storageKey, input.bytes, inspection.contentType);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await lockEditable(tx, sub);
    const documentCreated = documentCreatedAt(input.bytes, inspection.contentType);
    await tx.insert(evidence).values({ id, submissionId: sub.id, indicatorCode: input.indicatorCode, kind: "file", name, contentType: inspection.contentType, size: input.bytes.length, sha256, storageKey, uploadedBy: userId, documentCreatedAt: documentCreated });
    await appendAudit(tx, sub.campaignId, {
      actorUserId: userId,
      entity: "submission",
      entityId: sub.id,
      action: "evidence.added",
      before: null,
      after: { evidence: id, code: input.indicatorCode, kind: "file", name, contentType: inspection.contentType, size: input.bytes.length, sha256 },
    });
  });
  return { id, sha256, contentType: inspection.contentType };
}

export async function addLinkEvidence(db: Db, sub: SubmissionRow, userId: string, input: { indicatorCode: string; url: string; title: string }) {
  await requireIndicator(db, sub, input.indicatorCode);
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw new EvidenceError(problem("p_notAWebAddress", { url: input.url }));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EvidenceError(problem("p_linkProtocol", { protocol: url.protocol }));
  if (url.href.length > TEXT_LIMITS.url) throw new EvidenceError(problem("p_linkTooLong"));
  const longTitle = textTooLong("title", input.title.trim(), "evidenceLinkTitle");
  if (longTitle) throw new EvidenceError(longTitle);
  const name = input.title.trim() || url.host;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await lockEditable(tx, sub);
    await tx.insert(evidence).values({ id, submissionId: sub.id, indicatorCode: input.indicatorCode, kind: "link", name, url: url.href, uploadedBy: userId });
    await appendAudit(tx, sub.campaignId, { actorUserId: userId, entity: "submission", entityId: sub.id, action: "evidence.added", before: null, after: { evidence: id, code: input.indicatorCode, kind: "link", name, url: url.href } });
  });
  return { id };
}

/** Withdraws a piece of evidence from the submission; the row (and the stored file) stay for the audit trail. */
export async function removeEvidence(db: Db, sub: SubmissionRow, userId: string, evidenceId: string) {
  await db.transaction(async (tx) => {
    await lockEditable(tx, sub);
    const [row] = await tx.select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.submissionId, sub.id), isNull(evidence.removedAt)));
    if (!row) throw new EvidenceError(problem("p_noSuchEvidence"), 404);
    await tx.update(evidence).set({ removedAt: new Date() }).where(eq(evidence.id, evidenceId));
    await appendAudit(tx, sub.campaignId, { actorUserId: userId, entity: "submission", entityId: sub.id, action: "evidence.removed", before: { evidence: row.id, code: row.indicatorCode, name: row.name, sha256: row.sha256, url: row.url }, after: null });
  });
}

export interface VerdictInput {
  evidenceId: string;
  verdict: EvidenceVerdict;
  comment: string;
  /** The evidence's name as the assessor saw it, for messages. */
  name?: string;
}

/** Refuses verdicts that can be told wrong without the database: unknown verdicts, missing reasons. */
export function checkVerdicts(inputs: VerdictInput[]) {
  const problems = inputs.flatMap((v) => {
    const name = v.name ?? v.evidenceId;
    if (!EVIDENCE_VERDICTS.includes(v.verdict)) return [problem("p_verdictUnknown", { name })];
    if (v.verdict !== "sufficient" && !v.comment.trim()) return [problem("p_verdictNeedsComment", { name, verdict: { term: `verdict_${v.verdict}` } })];
    const long = textTooLong("reason", v.comment, "reason");
    return long ? [long] : [];
  });
  if (problems.length) throw new EvidenceError(problem("p_list", { items: { problems } }));
}

/** An assessor's verdicts on evidence; all or nothing, and only while the submission is in review. */
export async function judgeEvidence(db: Db, sub: SubmissionRow, agencyOrgId: string, userId: string, inputs: VerdictInput[]) {
  checkVerdicts(inputs);
  if (!inputs.length) return;
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(submission).where(eq(submission.id, sub.id)).for("update");
    if (current!.status !== "in_review") throw new EvidenceError(problem("p_judgeOnlyInReview", { status: { term: `subStatus_${current!.status}` } }), 409);
    const ids = inputs.map((v) => v.evidenceId);
    const rows = await tx.select().from(evidence).where(and(inArray(evidence.id, ids), eq(evidence.submissionId, sub.id), isNull(evidence.removedAt)));
    const known = new Map(rows.map((r) => [r.id, r]));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new EvidenceError(problem("p_notEvidenceOfSubmission", { ids: unknown.join(", ") }), 404);
    for (const v of inputs) {
      const [before] = await tx.select().from(evidenceVerdict).where(and(eq(evidenceVerdict.evidenceId, v.evidenceId), eq(evidenceVerdict.agencyOrgId, agencyOrgId)));
      if (before && before.verdict === v.verdict && before.comment === v.comment.trim()) continue;
      const row = { verdict: v.verdict, comment: v.comment.trim(), judgedBy: userId, judgedAt: new Date() };
      await tx.insert(evidenceVerdict).values({ evidenceId: v.evidenceId, agencyOrgId, ...row }).onConflictDoUpdate({ target: [evidenceVerdict.evidenceId, evidenceVerdict.agencyOrgId], set: row });
      await appendAudit(tx, sub.campaignId, {
        actorUserId: userId,
        entity: "submission",
        entityId: sub.id,
        action: "evidence.judged",
        before: before ? { evidence: v.evidenceId, verdict: before.verdict, comment: before.comment, agency: agencyOrgId } : { evidence: v.evidenceId, agency: agencyOrgId },
        after: { evidence: v.evidenceId, code: known.get(v.evidenceId)!.indicatorCode, verdict: v.verdict, comment: row.comment, agency: agencyOrgId },
        reason: row.comment || null,
      });
    }
  });
}

export type EvidenceItem = Awaited<ReturnType<typeof listEvidence>>[number];

/** The submission's current evidence with the given agency's verdicts (null: no agency's). */
export async function listEvidence(db: Db, submissionId: string, agencyOrgId: string | null) {
  const rows = await db
    .select({ row: evidence, by: user.name })
    .from(evidence)
    .innerJoin(user, eq(user.id, evidence.uploadedBy))
    .where(and(eq(evidence.submissionId, submissionId), isNull(evidence.removedAt)))
    .orderBy(asc(evidence.indicatorCode), asc(evidence.uploadedAt));
  const verdicts = agencyOrgId && rows.length
    ? await db.select().from(evidenceVerdict).where(and(eq(evidenceVerdict.agencyOrgId, agencyOrgId), inArray(evidenceVerdict.evidenceId, rows.map((r) => r.row.id))))
    : [];
  const verdictOf = new Map(verdicts.map((v) => [v.evidenceId, v]));
  return rows.map(({ row, by }) => ({
    id: row.id,
    indicatorCode: row.indicatorCode,
    kind: row.kind,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    url: row.url,
    uploadedBy: by,
    uploadedAt: row.uploadedAt.toISOString(),
    verdict: verdictOf.get(row.id) ? { verdict: verdictOf.get(row.id)!.verdict, comment: verdictOf.get(row.id)!.comment } : null,
  }));
}

/** A stored evidence file of the submission, for download. */
export async function evidenceFile(db: Db, storage: ObjectStorage, submissionId: string, evidenceId: string) {
  const [row] = await db.select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.submissionId, submissionId), eq(evidence.kind, "file")));
  if (!row) return null;
  const bytes = await storage.get(row.storageKey!);
  if (!bytes) throw new Error(`evidence ${row.id}: object ${row.storageKey} is missing from storage`);
  return { name: row.name, contentType: row.contentType!, bytes };
}
