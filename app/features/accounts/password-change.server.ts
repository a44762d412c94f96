import type { Db } from "../../../db/client";
import type { MessageKey } from "../i18n/index.server";
import { getAuth } from "./auth.server";
import { passwordProblem } from "./password-policy.server";
import { recordFailure, recordSuccess, secondsBlocked, throttleKey } from "./password-throttle.server";
import type { SessionUser } from "./session.server";

export type PasswordChangeOutcome =
  | { ok: true; response: Response }
  | { ok: false; field: "currentPassword" | "newPassword"; error: MessageKey; retryAfter?: number; status: number };

/**
 * A signed-in user changes their own password: the new one must pass the password policy, and
 * checks of the current one are throttled per account like sign-ins, so a stolen session cannot
 * be used to guess the password behind it. Other sessions are signed out.
 */
export async function changeOwnPassword(db: Db, request: Request, user: SessionUser, currentPassword: string, newPassword: string): Promise<PasswordChangeOutcome> {
  const weak = passwordProblem(newPassword, [user.email, user.name]);
  if (weak) return { ok: false, field: "newPassword", error: weak, status: 400 };
  const key = throttleKey.passwordChange(user.id);
  const wait = await secondsBlocked(db, key);
  if (wait) return { ok: false, field: "currentPassword", error: "passwordChecksThrottled", retryAfter: wait, status: 429 };
  const auth = await getAuth();
  const response = await auth.api.changePassword({ headers: request.headers, body: { currentPassword, newPassword, revokeOtherSessions: true }, asResponse: true });
  if (!response.ok) {
    await recordFailure(db, key);
    return { ok: false, field: "currentPassword", error: "wrongPassword", status: 400 };
  }
  await recordSuccess(db, key);
  return { ok: true, response };
}
