import { z } from "zod";
import { surveyDesignSchema } from "../survey/design";

export const CONCERNS = ["citizen-engagement", "data-silos", "operability", "project-relevance", "top-level-design", "collaboration", "outcomes", "economic-viability", "ecology-culture"] as const;
export const EVIDENCE_KINDS = ["document", "dataset", "screenshot", "link", "survey", "system-log", "site-visit"] as const;

const text = z.object({ zh: z.string().min(1, "Chinese text is required"), en: z.string().min(1, "English text is required") }).strict();
const code = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "must start with a letter and use only letters, digits, _ . -");
const weight = z.number({ invalid_type_error: "must be a number" }).finite().gt(0, "must be > 0");

const normalisation = z.discriminatedUnion("method", [
  z.object({ method: z.literal("minmax"), range: z.tuple([z.number(), z.number()]).optional() }).strict(),
  z.object({ method: z.literal("zscore"), meanSd: z.tuple([z.number(), z.number().positive()]).optional() }).strict(),
  z.object({ method: z.literal("borda") }).strict(),
  z.object({ method: z.literal("prank") }).strict(),
  z.object({ method: z.literal("rank") }).strict(),
  z.object({ method: z.literal("goalposts"), lower: z.number(), upper: z.number(), scale: z.number().positive().optional(), truncate: z.boolean().optional() }).strict(),
  z.object({ method: z.literal("dist2targ"), target: z.number(), capMax: z.boolean().optional() }).strict(),
  z.object({ method: z.literal("none") }).strict(),
]).refine((n) => n.method !== "goalposts" || n.lower !== n.upper, { message: "lower and upper goalposts must differ", path: ["upper"] });

const evidence = z.object({ kind: z.enum(EVIDENCE_KINDS), description: text, mandatory: z.boolean() }).strict();

const indicatorBase = {
  code,
  name: text,
  description: text,
  weight,
  unit: text,
  direction: z.enum(["higher", "lower"]),
  normalisation: normalisation.optional(),
  evidence: z.array(evidence),
  dataSource: text,
  concerns: z.array(z.enum(CONCERNS)),
  /** For content taken from a published standard: false where the text could not be confirmed. */
  confirmed: z.boolean().optional(),
  note: z.string().optional(),
};

/** What a plausible value looks like beyond its range (the checks of issue 18). */
const plausibility = z
  .object({
    /** Largest plausible change from the previous campaign's value, relative (0.5 = ±50%). */
    maxChange: z.number().gt(0, "must be > 0").optional(),
    /** The value is expected to move between campaigns: the very same value again is worth a look. */
    expectsChange: z.boolean().optional(),
  })
  .strict();

const quantitative = z
  .object({
    ...indicatorBase,
    kind: z.literal("quantitative"),
    formula: text,
    expectedRange: z.tuple([z.number(), z.number()]).optional(),
    plausibility: plausibility.optional(),
    /** Survey-sourced: citizens answer these questions and the platform's estimate is the value; the city cannot enter it. */
    survey: surveyDesignSchema.optional(),
  })
  .strict();
const rubric = z.object({
  ...indicatorBase,
  kind: z.literal("rubric"),
  levels: z
    .array(z.object({ level: z.number().int().min(0), score: z.number(), descriptor: text }).strict())
    .min(2, "a rubric needs at least two levels")
    .refine((ls) => ls.every((l, i) => i === 0 || l.level > ls[i - 1]!.level), { message: "levels must be in increasing order" })
    .refine((ls) => ls.every((l, i) => i === 0 || l.score > ls[i - 1]!.score), { message: "scores must increase with the level" }),
}).strict();
const binary = z.object({
  ...indicatorBase,
  kind: z.literal("binary"),
  /** What a "no" (0) and a "yes" (1) score; default 0 and 100. */
  scores: z.object({ no: z.number(), yes: z.number() }).strict().optional(),
}).strict();

export const indicatorSchema = z.discriminatedUnion("kind", [quantitative, rubric, binary]);

export interface GroupNode {
  code: string;
  name: z.infer<typeof text>;
  description?: z.infer<typeof text>;
  weight: number;
  concerns?: (typeof CONCERNS)[number][];
  confirmed?: boolean;
  note?: string;
  children: FrameworkNode[];
}
export type IndicatorNode = z.infer<typeof indicatorSchema>;
export type FrameworkNode = GroupNode | IndicatorNode;
export type LocalText = z.infer<typeof text>;

/** A group's own fields; its children are validated one by one (see load.ts) for precise paths. */
export const groupSchema = z.object({
  code,
  name: text,
  description: text.optional(),
  weight,
  concerns: z.array(z.enum(CONCERNS)).optional(),
  confirmed: z.boolean().optional(),
  note: z.string().optional(),
  children: z.array(z.unknown()).min(1, "a group needs at least one child"),
}).strict();

export const frameworkSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and -"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "semantic version such as 1.0.0"),
  status: z.enum(["draft", "published"]),
  name: text,
  description: text,
  source: z.string().optional(),
  /** Campaign-wide default normalisation for quantitative indicators without their own. */
  defaultNormalisation: normalisation.optional(),
  /** What a city must have filled before it may submit; absent: every indicator, with its mandatory evidence. */
  completeness: z
    .object({
      /** Share of the framework's indicators with a value, in (0, 1]. */
      minFilledShare: z.number().gt(0, "must be > 0").max(1, "must be ≤ 1"),
      /** Whether every indicator with mandatory evidence needs at least one item attached. */
      mandatoryEvidence: z.boolean(),
    })
    .strict()
    .optional(),
  /** Validation rules over the indicators' values (`DS1.2 <= DS1.1`): an error blocks submission, a warning asks for an explanation. */
  rules: z
    .array(
      z
        .object({
          id: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "must start with a letter and use only letters, digits, _ . -"),
          expression: z.string().min(1),
          severity: z.enum(["error", "warning"]),
          message: text,
        })
        .strict(),
    )
    .optional(),
  dimensions: z.array(z.unknown()).min(1, "a framework needs at least one dimension"),
}).strict();

export type Framework = Omit<z.infer<typeof frameworkSchema>, "dimensions"> & { dimensions: FrameworkNode[] };

export type CompletenessRule = NonNullable<Framework["completeness"]>;
export const DEFAULT_COMPLETENESS: CompletenessRule = { minFilledShare: 1, mandatoryEvidence: true };
export const completenessRule = (framework: Framework): CompletenessRule => framework.completeness ?? DEFAULT_COMPLETENESS;

export const isIndicator = (node: FrameworkNode): node is IndicatorNode => "kind" in node;

export type SurveyIndicator = Extract<IndicatorNode, { kind: "quantitative" }> & { survey: NonNullable<Extract<IndicatorNode, { kind: "quantitative" }>["survey"]> };
/** Whether citizens answer this indicator (its value comes from the survey, not the city). */
export const isSurveySourced = (node: FrameworkNode): node is SurveyIndicator => isIndicator(node) && node.kind === "quantitative" && node.survey !== undefined;
