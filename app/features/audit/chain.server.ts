import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { canonicalJson, sha256Hex } from "../../../indicators";
import { rowsOf, type Db } from "../../../db/client";
import { auditEvent, campaign, user } from "../../../db/schema";

export const GENESIS_HASH = "0".repeat(64);

/** A transaction or the database: audit entries are written inside the change they record. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface AuditEntry {
  actorUserId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

type Hashed = Omit<typeof auditEvent.$inferSelect, "id" | "hash" | "prevHash">;

function entryHash(prevHash: string, e: Hashed): string {
  return sha256Hex([
    prevHash,
    "\n",
    canonicalJson({
      campaignId: e.campaignId,
      seq: e.seq,
      at: e.at,
      actorUserId: e.actorUserId,
      // Entries written before names were recorded have none, and keep the hash they were written with.
      ...(e.actorName === null ? {} : { actorName: e.actorName }),
      entity: e.entity,
      entityId: e.entityId,
      action: e.action,
      before: e.before,
      after: e.after,
      reason: e.reason,
    }),
  ]);
}

/**
 * Who wrote an entry, as the entry recorded it (select with a left join on user): a later change
 * of the account's name does not rewrite who did what. Entries from before names were recorded
 * fall back to the account's name.
 */
export const recordedActorName = sql<string | null>`coalesce(${auditEvent.actorName}, ${user.name})`;

/** Actor names already read in a transaction: a bulk save appends one entry per indicator, all by one person. */
const namesByTransaction = new WeakMap<object, Map<string, string | null>>();

async function actorName(tx: Tx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const known = namesByTransaction.get(tx) ?? new Map<string, string | null>();
  namesByTransaction.set(tx, known);
  if (!known.has(userId)) known.set(userId, (await tx.select({ name: user.name }).from(user).where(eq(user.id, userId)))[0]?.name ?? null);
  return known.get(userId)!;
}

/** JSON in, JSON out: what jsonb will give back, so the hash verifies after a round trip. */
const jsonClean = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/**
 * Appends to the campaign's chain. Call it inside the transaction of the change it records: a
 * transaction-scoped advisory lock serialises writers of one campaign so that two entries never
 * claim the same predecessor.
 */
export async function appendAudit(tx: Tx, campaignId: string, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${campaignId}`}))`);
  // Through a function that sees the whole chain: under row-level security a writer sees only its own entries.
  const [last] = rowsOf<{ seq: number; hash: string }>(await tx.execute(sql`select seq, hash from zhiping_audit_head(${campaignId})`));
  const row: Hashed = {
    campaignId,
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actorUserId: entry.actorUserId,
    actorName: await actorName(tx, entry.actorUserId),
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: jsonClean(entry.before),
    after: jsonClean(entry.after),
    reason: entry.reason ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(auditEvent).values({ id: randomUUID(), ...row, prevHash, hash: entryHash(prevHash, row) });
}

export interface ChainCheck {
  campaignId: string;
  entries: number;
  ok: boolean;
  /** The first entry that does not verify, and why. */
  broken?: { seq: number; problem: string };
}

/** Recomputes a campaign's chain from the genesis hash; any edit, insertion or removal shows. */
export async function verifyAuditChain(db: Db, campaignId: string): Promise<ChainCheck> {
  const rows = await db.select().from(auditEvent).where(eq(auditEvent.campaignId, campaignId)).orderBy(asc(auditEvent.seq));
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const problem =
      row.seq !== i + 1
        ? `sequence ${row.seq} where ${i + 1} was expected (an entry is missing)`
        : row.prevHash !== prev
          ? "does not link to the previous entry"
          : entryHash(prev, row) !== row.hash
            ? "content does not match its hash (edited after it was written)"
            : null;
    if (problem) return { campaignId, entries: rows.length, ok: false, broken: { seq: row.seq, problem } };
    prev = row.hash;
  }
  return { campaignId, entries: rows.length, ok: true };
}

/** Every campaign's chain, in campaign order: what `npm run audit:check` and a restore report. */
export async function verifyEveryAuditChain(db: Db): Promise<(ChainCheck & { slug: string })[]> {
  const campaigns = await db.select({ id: campaign.id, slug: campaign.slug }).from(campaign).orderBy(asc(campaign.createdAt));
  const checks = [];
  for (const c of campaigns) checks.push({ ...(await verifyAuditChain(db, c.id)), slug: c.slug });
  return checks;
}

/** One line per campaign, for the operator. */
export const chainCheckLine = (c: ChainCheck & { slug: string }) => (c.ok ? `ok      ${c.slug}: ${c.entries} entries` : `BROKEN  ${c.slug}: entry ${c.broken!.seq} ${c.broken!.problem}`);

export async function auditSince(db: Db, campaignId: string, entity: string, entityId: string, afterSeq = 0) {
  return db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.campaignId, campaignId), eq(auditEvent.entity, entity), eq(auditEvent.entityId, entityId), gt(auditEvent.seq, afterSeq)))
    .orderBy(asc(auditEvent.seq));
}
