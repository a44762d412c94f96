import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import type { MessageKey } from "../i18n/index.server";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn's score (0–4) a new password must reach: 3 is "safely unguessable" against throttled online guessing and then some. */
const MIN_SCORE = 3;

// The common-password lists and keyboard patterns of zxcvbn-ts, loaded once.
const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/**
 * Why a new password is refused, as a message key, or null: too short, too long, or too easy to
 * guess (a common password, a keyboard walk, the person's own name or e-mail, the product's name).
 */
export function passwordProblem(password: string, personal: string[] = []): MessageKey | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "passwordTooShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "tooLong";
  const result = estimator.check(password, [...personal, ...personal.flatMap((p) => p.split(/[@.\s]+/)), "zhiping", "智评"].filter(Boolean));
  return result.score < MIN_SCORE ? "passwordTooWeak" : null;
}
