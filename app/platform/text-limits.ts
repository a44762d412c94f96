import { problem, type MessageKey, type Problem } from "../features/i18n";

/**
 * How long each kind of free text may be, in characters, checked where the text is saved (before
 * anything is written), so that no form, import or script can store a document where a sentence
 * belongs and make every later page that shows it heavy for every reader.
 */
export const TEXT_LIMITS = {
  narrative: 4000,
  dataSource: 300,
  /** Review reasons, return comments, evidence comments, reconciliation notes, withdrawal reasons. */
  reason: 2000,
  name: 100,
  title: 200,
  url: 2048,
  fileName: 255,
} as const;

export type TextKind = keyof typeof TEXT_LIMITS;

/** Why this text is too long to store as `kind` (naming the field by its label), or null. */
export function textTooLong(kind: TextKind, text: string | null | undefined, field: MessageKey): Problem | null {
  const length = [...(text ?? "")].length;
  const max = TEXT_LIMITS[kind];
  return length > max ? problem("p_textTooLong", { field: { term: field }, max, length }) : null;
}
