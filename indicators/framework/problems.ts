import type { ZodIssue } from "zod";

/**
 * What can be wrong with a framework, as codes a reader's language can name (the app translates
 * them; `message` is the English text the CLI and logs print).
 */
export const FRAMEWORK_PROBLEM_CODES = [
  "missing",
  "wrongType",
  "missingTranslation",
  "weightNotPositive",
  "tooSmall",
  "tooLarge",
  "tooFew",
  "notOneOf",
  "badFormat",
  "unknownField",
  "levelsOrder",
  "scoresOrder",
  "goalpostsEqual",
  "duplicateCode",
  "reservedCode",
  "mixedDepth",
  "rangeInverted",
  "unknownParent",
  "unknownIndicator",
  "cycle",
  "notANumber",
  "badJson",
  "badBoolean",
  "missingSheet",
  "missingColumn",
  "emptyGroup",
  "badRule",
  "invalid",
] as const;
export type FrameworkProblemCode = (typeof FRAMEWORK_PROBLEM_CODES)[number];

export interface FrameworkProblem {
  /** Where in the document (`["dimensions", 2, "children", 0, "weight"]`); empty for the whole document. */
  path: (string | number)[];
  code: FrameworkProblemCode;
  vars: Record<string, string>;
  message: string;
}

export const problemAt = (path: (string | number)[], code: FrameworkProblemCode, message: string, vars: Record<string, string> = {}): FrameworkProblem => ({ path, code, vars, message });

const CUSTOM: Record<string, FrameworkProblemCode> = {
  "levels must be in increasing order": "levelsOrder",
  "scores must increase with the level": "scoresOrder",
  "lower and upper goalposts must differ": "goalpostsEqual",
};

/** A zod issue as a problem with a code; the schema's own English message is kept as the message. */
export function fromZodIssue(prefix: (string | number)[], issue: ZodIssue): FrameworkProblem {
  const path = [...prefix, ...issue.path];
  const last = String(issue.path[issue.path.length - 1] ?? "");
  const at = (code: FrameworkProblemCode, vars: Record<string, string> = {}) => problemAt(path, code, issue.message, vars);
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? at("missing") : at("wrongType", { expected: String(issue.expected) });
    case "too_small":
      if (issue.type === "string") return at("missingTranslation", { language: last });
      if (issue.type === "array") return at(last === "children" || last === "dimensions" ? "emptyGroup" : "tooFew", { minimum: String(issue.minimum) });
      if (last === "weight") return at("weightNotPositive");
      return at("tooSmall", { minimum: String(issue.minimum) });
    case "too_big":
      return at("tooLarge", { maximum: String(issue.maximum) });
    case "invalid_enum_value":
      return at("notOneOf", { options: issue.options.join(", ") });
    case "invalid_literal":
      return at("notOneOf", { options: String(issue.expected) });
    case "invalid_union_discriminator":
      return at("notOneOf", { options: issue.options.map(String).join(", ") });
    case "invalid_string":
      return at("badFormat", { field: last });
    case "unrecognized_keys":
      return at("unknownField", { keys: issue.keys.join(", ") });
    case "custom":
      return at(CUSTOM[issue.message] ?? "invalid", { detail: issue.message });
    default:
      return at("invalid", { detail: issue.message });
  }
}
