import type { FlagResolution } from "../../../db/schema";

/** Flags on values (the engine's) and on evidence (cross-checks the server runs). */
export const VALUE_FLAG_KINDS = ["rule", "outlier", "change", "unchanged", "rangeEdge"] as const;
export const EVIDENCE_FLAG_KINDS = ["evidenceMissing", "sharedEvidence", "lateEvidence", "documentDate"] as const;
export type QualityFlagKind = (typeof VALUE_FLAG_KINDS)[number] | (typeof EVIDENCE_FLAG_KINDS)[number];
export const FLAG_STATUSES = ["open", "explained", "resolved"] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** The resolutions an assessor chooses from, in the order the form offers them (the schema's check lists the same). */
export const RESOLUTION_CHOICES = ["explained", "corrected", "returned"] as const satisfies readonly FlagResolution[];

/** What the city and the assessor said about a flag. */
export interface FlagNote {
  explanation: string | null;
  explainedBy: string | null;
  explainedAt: string | null;
  resolution: FlagResolution | null;
  resolutionNote: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface QualityFlag {
  /** Stable across recomputation: kind, then the rule or the indicators, then the file. */
  key: string;
  cityOrgId: string;
  kind: QualityFlagKind;
  /** error: blocks submission; warning: needs an explanation; notice: worth a look. */
  severity: "error" | "warning" | "notice";
  indicators: string[];
  rule?: string;
  /** The figures behind the flag (value, median, MAD, fences, previous value, change, limit…). */
  detail: Record<string, number>;
  /** For evidence flags: the file, the dates compared, the other cities that attached it (only those the reader may see; the rest counted). */
  evidence?: { name: string; sha256?: string; at?: string; deadline?: string; otherCityOrgIds?: string[]; hiddenOthers?: number };
  note: FlagNote | null;
  status: FlagStatus;
}

export const flagKey = (flag: { kind: QualityFlagKind; rule?: string; indicators: readonly string[] }, suffix?: string) =>
  [flag.kind, flag.rule ?? flag.indicators.join("+"), ...(suffix ? [suffix] : [])].join(":");

/** The city explains a warning on its values before it submits; evidence flags are the assessor's to weigh. */
export const cityExplains = (flag: Pick<QualityFlag, "kind" | "severity">) => flag.severity === "warning" && (VALUE_FLAG_KINDS as readonly string[]).includes(flag.kind);

/** What stops a submission: broken error rules, and warnings the city has not explained. */
export function submitBlockers(flags: readonly QualityFlag[]) {
  return {
    errors: flags.filter((f) => f.severity === "error"),
    unexplained: flags.filter((f) => cityExplains(f) && !f.note?.explanation),
  };
}

/** The indicators a list of flags names, each once, in order. */
export const flaggedIndicators = (flags: readonly { indicators: readonly string[] }[]) => [...new Set(flags.flatMap((f) => f.indicators))];

/** Flags still waiting for the assessor, the number the review queue sorts by. */
export const openForAssessor = (flags: readonly QualityFlag[]) => flags.filter((f) => f.severity !== "notice" && f.status !== "resolved").length;
