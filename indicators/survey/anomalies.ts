/** Why a response that arrived well-formed is still set aside by the per-city checks. */
export type AnomalyReason = "burst" | "repeated_pattern";

export interface ArrivedResponse {
  id: string;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The full set of answers (and quota choices) as one comparable string. */
  pattern: string;
}

export interface AnomalyRules {
  /** More than this many responses for one city within `burstWindowMs`: the excess is a burst. */
  burstLimit: number;
  burstWindowMs: number;
  /** The same full answer pattern more than this many times within `patternWindowMs`: the repeats are set aside. */
  patternLimit: number;
  patternWindowMs: number;
}

/**
 * A city campaign-day at a service counter can bring a few responses a minute; a script brings
 * dozens, often with the same answers. Both thresholds sit well above what a queue of people can do.
 */
export const DEFAULT_ANOMALY_RULES: AnomalyRules = { burstLimit: 30, burstWindowMs: 60_000, patternLimit: 2, patternWindowMs: 10 * 60_000 };

/**
 * The per-city anomaly check over responses in arrival order: the earliest responses of a window
 * count, the ones beyond its limit are set aside with their reason. Deterministic (ties broken by
 * id), so the same responses always give the same exclusions and the same estimate.
 */
export function findAnomalies(responses: readonly ArrivedResponse[], rules: AnomalyRules = DEFAULT_ANOMALY_RULES): Map<string, AnomalyReason> {
  const ordered = [...responses].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const excluded = new Map<string, AnomalyReason>();
  // Sliding windows over the responses that still count.
  const window: number[] = [];
  const byPattern = new Map<string, number[]>();
  for (const r of ordered) {
    while (window.length && window[0]! <= r.at - rules.burstWindowMs) window.shift();
    const seen = byPattern.get(r.pattern) ?? [];
    while (seen.length && seen[0]! <= r.at - rules.patternWindowMs) seen.shift();
    if (window.length >= rules.burstLimit) {
      excluded.set(r.id, "burst");
      continue;
    }
    if (seen.length >= rules.patternLimit) {
      excluded.set(r.id, "repeated_pattern");
      continue;
    }
    window.push(r.at);
    seen.push(r.at);
    byPattern.set(r.pattern, seen);
  }
  return excluded;
}
