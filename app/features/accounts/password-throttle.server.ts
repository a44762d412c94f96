import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { passwordThrottle } from "../../../db/schema";

/** Failed checks of one account's password allowed before each further one must wait. */
export const FREE_FAILURES = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 15 * 60;
/** A run of failures this old is forgotten: the next failure starts a new run. */
const FORGET_AFTER_MS = 60 * 60_000;

/** The wait after the `failures`-th consecutive failure: none for the first few, then doubling up to 15 minutes. */
export function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES));
}

/** The keys an account's password checks are counted under. */
export const throttleKey = {
  signIn: (email: string) => `sign-in:${email.trim().toLowerCase()}`,
  passwordChange: (userId: string) => `password-change:${userId}`,
};

/** Seconds until this account may try its password again; 0 when it may now. */
export async function secondsBlocked(db: Db, key: string, now = new Date()): Promise<number> {
  const [row] = await db.select({ blockedUntil: passwordThrottle.blockedUntil }).from(passwordThrottle).where(eq(passwordThrottle.key, key));
  if (!row?.blockedUntil) return 0;
  return Math.max(0, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
}

/** Counts a failed check (one statement, so parallel guesses are all counted) and sets the wait it earns. */
export async function recordFailure(db: Db, key: string, now = new Date()): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  const [row] = await db
    .insert(passwordThrottle)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: passwordThrottle.key,
      set: {
        failures: sql`case when ${passwordThrottle.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${passwordThrottle.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: passwordThrottle.failures });
  const wait = waitAfter(row!.failures);
  if (wait) await db.update(passwordThrottle).set({ blockedUntil: new Date(now.getTime() + wait * 1000) }).where(eq(passwordThrottle.key, key));
}

/** A correct password ends the run of failures. */
export async function recordSuccess(db: Db, key: string): Promise<void> {
  await db.delete(passwordThrottle).where(eq(passwordThrottle.key, key));
}
