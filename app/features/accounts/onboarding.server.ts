import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { invitation, onboardingImport, organization, orgProfile, user } from "../../../db/schema";
import { getDatabase, getDb } from "../../platform/db.server";
import { publicUrl } from "../../platform/env.server";
import { defineJob, jobIdFor } from "../../platform/jobs/job";
import { getJobQueue } from "../../platform/jobs/queue.server";
import { getStorage } from "../../platform/storage.server";
import { problem, ProblemError, termKey } from "../i18n/index.server";
import { deliverQueuedEmails, queueEmails } from "../notifications/index.server";
import { invitationEmail } from "./invitation-email";
import { checkOnboarding, readOnboardingFile, type OnboardingProblem, type OnboardingRow } from "./onboarding-file.server";
import { organizationRecords } from "./organizations.server";

/** Rows created per statement: a few thousand parameters, well inside PostgreSQL's limits. */
const CHUNK = 500;

const fileKeyOf = (id: string, sha256: string) => `onboarding/${id}/${sha256}.bin`;

export type OnboardingCheck = { ok: true; id: string; organizations: number; invitations: number; byKind: Record<string, number> } | { ok: false; problems: OnboardingProblem[] };

/**
 * Step one: the file read and checked in full. A file with any problem is refused with all of
 * them and nothing is kept; a clean one is stored and recorded as "checked", awaiting the admin's
 * confirmation of what it will create.
 */
export async function checkOnboardingFile(db: Db, file: { name: string; bytes: Uint8Array }, requestedBy: string): Promise<OnboardingCheck> {
  const read = await readOnboardingFile(file.bytes);
  if ("problems" in read) return { ok: false, problems: read.problems };
  const checked = await checkOnboarding(db, read.rows);
  if ("problems" in checked) return { ok: false, problems: checked.problems };
  const id = randomUUID();
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const fileKey = fileKeyOf(id, sha256);
  await getStorage().put(fileKey, Buffer.from(file.bytes), "application/octet-stream");
  const byKind: Record<string, number> = {};
  for (const row of checked.rows) byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
  const summary = { organizations: checked.rows.length, invitations: checked.rows.reduce((n, r) => n + r.contacts.length, 0), byKind };
  await db.insert(onboardingImport).values({ id, requestedBy, fileName: file.name.slice(0, 200), fileKey, fileSha256: sha256, ...summary });
  return { ok: true, id, ...summary };
}

/**
 * Step two: the admin confirms a checked file and one job creates it. Confirming twice, or a
 * file already running, done or failed, is refused by its state.
 */
export async function confirmOnboarding(db: Db, id: string) {
  const [started] = await db
    .update(onboardingImport)
    .set({ status: "running", done: 0, updatedAt: new Date() })
    .where(and(eq(onboardingImport.id, id), eq(onboardingImport.status, "checked")))
    .returning({ id: onboardingImport.id });
  if (!started) {
    const [row] = await db.select({ status: onboardingImport.status }).from(onboardingImport).where(eq(onboardingImport.id, id));
    throw new ProblemError(row ? problem("p_onboardNotCheckable", { status: { term: termKey("onboardStatus", row.status) } }) : problem("p_onboardNotFound"), row ? 409 : 404);
  }
  await (await getJobQueue()).send(onboardingJob, { importId: id }, { id: jobIdFor("accounts.onboard", id) });
}

/** The most recent onboarding files, newest first, with who sent them. */
export async function recentOnboardings(db: Db, limit = 10) {
  return db
    .select({
      id: onboardingImport.id,
      fileName: onboardingImport.fileName,
      status: onboardingImport.status,
      organizations: onboardingImport.organizations,
      invitations: onboardingImport.invitations,
      byKind: onboardingImport.byKind,
      done: onboardingImport.done,
      problems: onboardingImport.problems,
      createdAt: onboardingImport.createdAt,
      updatedAt: onboardingImport.updatedAt,
      by: user.name,
    })
    .from(onboardingImport)
    .innerJoin(user, eq(user.id, onboardingImport.requestedBy))
    .orderBy(desc(onboardingImport.createdAt))
    .limit(limit);
}

/**
 * Creates every organisation of a checked file with its invitations and their e-mails, in one
 * transaction: all of them or none. Progress is written from a second connection between chunks
 * where the database has one (PostgreSQL); the embedded database serves one connection, which the
 * transaction holds, so there the progress jumps from 0 to done.
 */
async function createAll(importId: string, rows: OnboardingRow[], inviter: { id: string; name: string }) {
  const database = await getDatabase();
  const db = database.db;
  const progress = async (done: number) => {
    if (database.driver === "postgres") await db.update(onboardingImport).set({ done, updatedAt: new Date() }).where(eq(onboardingImport.id, importId));
  };
  const baseUrl = publicUrl();
  return db.transaction(async (tx) => {
    const queued: string[] = [];
    for (let at = 0; at < rows.length; at += CHUNK) {
      const records = rows.slice(at, at + CHUNK).map((row) => ({ row, ...organizationRecords(row, row.contacts, inviter.id) }));
      await tx.insert(organization).values(records.map((r) => r.organization));
      await tx.insert(orgProfile).values(records.map((r) => r.profile));
      await tx.insert(invitation).values(records.flatMap((r) => r.invitations));
      const mails = records.flatMap((r) => r.invitations.map((inv) => invitationEmail({ email: inv.email, inviterName: inviter.name, orgName: r.row.name, role: inv.role, id: inv.id, baseUrl })));
      queued.push(...(await queueEmails(tx, mails)));
      await progress(Math.min(at + CHUNK, rows.length));
    }
    // In the same transaction: a retried job finds the file done, or nothing of it written.
    await tx.update(onboardingImport).set({ status: "done", done: rows.length, updatedAt: new Date() }).where(eq(onboardingImport.id, importId));
    return queued;
  });
}

async function failOnboarding(db: Db, importId: string, problems: OnboardingProblem[]) {
  await db.update(onboardingImport).set({ status: "failed", problems, updatedAt: new Date() }).where(and(eq(onboardingImport.id, importId), eq(onboardingImport.status, "running")));
}

/**
 * The confirmed file, created. It is checked again first: an organisation created since the
 * check (by hand, or by another file) fails the whole file with the rows it now clashes with.
 */
export const onboardingJob = defineJob<{ importId: string }>({
  name: "accounts.onboard",
  retryLimit: 2,
  retryDelaySeconds: 10,
  attemptTimeoutSeconds: 900,
  async run({ importId }, { finalAttempt }) {
    const db = await getDb();
    const [job] = await db.select().from(onboardingImport).where(eq(onboardingImport.id, importId));
    if (job?.status !== "running") return;
    try {
      const bytes = await getStorage().get(job.fileKey);
      if (!bytes) return await failOnboarding(db, importId, [{ row: 0, column: "", problem: problem("p_onboardFileLost") }]);
      const read = await readOnboardingFile(new Uint8Array(bytes));
      const checked = "problems" in read ? read : await checkOnboarding(db, read.rows);
      if ("problems" in checked) return await failOnboarding(db, importId, checked.problems);
      const [inviter] = await db.select({ id: user.id, name: user.name }).from(user).where(eq(user.id, job.requestedBy));
      const queued = await createAll(importId, checked.rows, inviter!);
      await deliverQueuedEmails(queued);
    } catch (error) {
      if (finalAttempt) await failOnboarding(db, importId, [{ row: 0, column: "", problem: problem("p_onboardCrashed", { detail: (error as Error).message.slice(0, 300) }) }]);
      throw error;
    }
  },
});
