import { z } from "zod";
import { CONCERNS, EVIDENCE_KINDS, addNode, findNode, isIndicator, moveNode, removeNode, reweight, updateNode, type Framework, type FrameworkNode, type IndicatorNode } from "../../../indicators";
import { editDraft } from "~/features/frameworks/index.server";
import { problemText, ProblemError, translate, type Locale, type MessageKey } from "~/features/i18n";
import { num, rows, text, type Fields } from "./form-fields.server";
import { surveyFromForm } from "./survey-fields.server";

/**
 * The editor's intents, each a named function from the form to one edit of the draft. Field
 * errors come back by field name in the reader's language; nothing is saved when any field is bad.
 */
export type EditOutcome = { ok: true; done: MessageKey; vars?: Record<string, string> } | { ok: false; errors: Record<string, string> };

type Edit = { edit: (doc: Framework) => Framework; action: string; detail?: unknown; done: MessageKey; vars?: Record<string, string> };

class FieldErrors extends Error {
  constructor(readonly errors: Record<string, MessageKey>) {
    super("field errors");
  }
}


function required(f: Fields, names: string[], errors: Record<string, MessageKey>) {
  for (const n of names) if (!text(f, n)) errors[n] = "required";
}

function positiveNumber(f: Fields, name: string, errors: Record<string, MessageKey>): number {
  const n = num(text(f, name));
  if (n === null || !Number.isFinite(n)) errors[name] = "frameworkWeightFormat";
  else if (!(n > 0)) errors[name] = "frameworkWeightFormat";
  return n ?? 0;
}

const local = (f: Fields, base: string) => ({ zh: text(f, `${base}Zh`), en: text(f, `${base}En`) });
const codeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/);

function reweightEdit(f: Fields): Edit {
  const errors: Record<string, MessageKey> = {};
  const weights: Record<string, number> = {};
  for (const name of Object.keys(f)) if (name.startsWith("weight.")) weights[name.slice(7)] = positiveNumber(f, name, errors);
  if (Object.keys(errors).length) throw new FieldErrors(errors);
  return { edit: (doc) => reweight(doc, weights), action: "draft.reweighted", detail: { weights }, done: "weightsSaved" };
}

/** A new node with what the framework requires filled with placeholders (to be completed before publishing, in both languages). */
function newNode(f: Fields, locale: Locale): FrameworkNode {
  const placeholder = { zh: translate("zh-CN", "placeholderToComplete"), en: translate("en", "placeholderToComplete") };
  const name = local(f, "name");
  const base = { code: text(f, "code"), name, weight: num(text(f, "weight")) ?? 1 };
  void locale;
  const type = text(f, "type");
  if (type === "group") return { ...base, children: [] };
  const indicator = { ...base, description: name, unit: placeholder, direction: "higher" as const, evidence: [], dataSource: placeholder, concerns: [] };
  if (type === "rubric")
    return { ...indicator, kind: "rubric", levels: [0, 1, 2, 3, 4].map((level) => ({ level, score: level * 25, descriptor: { zh: translate("zh-CN", "levelDefault", { level }), en: translate("en", "levelDefault", { level }) } })) };
  if (type === "binary") return { ...indicator, kind: "binary" };
  return { ...indicator, kind: "quantitative", formula: placeholder };
}

function addEdit(f: Fields, locale: Locale): Edit {
  const errors: Record<string, MessageKey> = {};
  required(f, ["code", "nameZh", "nameEn"], errors);
  if (text(f, "code") && !codeSchema.safeParse(text(f, "code")).success) errors.code = "frameworkNodeCodeFormat";
  positiveNumber(f, "weight", errors);
  if (!["group", "quantitative", "rubric", "binary"].includes(text(f, "type"))) errors.type = "required";
  if (Object.keys(errors).length) throw new FieldErrors(errors);
  const node = newNode(f, locale);
  const parent = text(f, "parent") || null;
  return { edit: (doc) => addNode(doc, parent, node), action: "draft.added", detail: { code: node.code, parent }, done: "nodeAdded", vars: { code: node.code } };
}

function removeEdit(f: Fields): Edit {
  const code = text(f, "code");
  return { edit: (doc) => removeNode(doc, code), action: "draft.removed", detail: { code }, done: "nodeRemoved", vars: { code } };
}

function moveEdit(f: Fields): Edit {
  const code = text(f, "code");
  const parent = text(f, "parent") || null;
  return { edit: (doc) => moveNode(doc, code, parent), action: "draft.moved", detail: { code, parent }, done: "nodeMoved", vars: { code } };
}

function updateEdit(f: Fields, doc: Framework): Edit {
  const code = text(f, "code");
  const node = findNode(doc, code);
  const errors: Record<string, MessageKey> = {};
  required(f, ["nameZh", "nameEn"], errors);
  const fields: Partial<IndicatorNode> & Record<string, unknown> = { name: local(f, "name") };
  const description = local(f, "description");
  const concerns = (f.concerns ?? "").split(",").filter((c) => (CONCERNS as readonly string[]).includes(c));
  if (node && isIndicator(node)) {
    required(f, ["descriptionZh", "descriptionEn", "unitZh", "unitEn", "dataSourceZh", "dataSourceEn"], errors);
    Object.assign(fields, { description, unit: local(f, "unit"), dataSource: local(f, "dataSource"), direction: text(f, "direction") === "lower" ? "lower" : "higher", concerns: concerns as IndicatorNode["concerns"] });
    if (node.kind === "quantitative") {
      required(f, ["formulaZh", "formulaEn"], errors);
      fields.formula = local(f, "formula");
      const min = text(f, "rangeMin");
      const max = text(f, "rangeMax");
      if (!min && !max) fields.expectedRange = undefined;
      else {
        const lo = num(min);
        const hi = num(max);
        if (lo === null) errors.rangeMin = "frameworkRangeFormat";
        if (hi === null) errors.rangeMax = "frameworkRangeFormat";
        if (lo !== null && hi !== null && lo > hi) errors.rangeMax = "frameworkRangeFormat";
        fields.expectedRange = [lo ?? 0, hi ?? 0];
      }
      fields.survey = surveyFromForm(f, errors, node.survey);
    }
    if (node.kind === "rubric") {
      fields.levels = rows(f, ["level", "score", "descZh", "descEn"]).map((r) => {
        const level = num(r.get("level"));
        const score = num(r.get("score"));
        if (level === null || !Number.isInteger(level) || level < 0) errors[`level.${r.index}`] = "frameworkLevelFormat";
        if (score === null) errors[`score.${r.index}`] = "frameworkLevelFormat";
        if (!r.get("descZh")) errors[`descZh.${r.index}`] = "required";
        if (!r.get("descEn")) errors[`descEn.${r.index}`] = "required";
        return { level: level ?? 0, score: score ?? 0, descriptor: { zh: r.get("descZh"), en: r.get("descEn") } };
      });
    }
    fields.evidence = rows(f, ["evKind", "evDescZh", "evDescEn"]).map((r) => {
      if (!(EVIDENCE_KINDS as readonly string[]).includes(r.get("evKind"))) errors[`evKind.${r.index}`] = "required";
      if (!r.get("evDescZh")) errors[`evDescZh.${r.index}`] = "required";
      if (!r.get("evDescEn")) errors[`evDescEn.${r.index}`] = "required";
      return { kind: r.get("evKind") as IndicatorNode["evidence"][number]["kind"], mandatory: f[`evMandatory.${r.index}`] === "on", description: { zh: r.get("evDescZh"), en: r.get("evDescEn") } };
    });
  } else {
    fields.description = description.zh || description.en ? description : undefined;
    if ((description.zh === "") !== (description.en === "")) errors[description.zh ? "descriptionEn" : "descriptionZh"] = "required";
    fields.concerns = (concerns.length ? concerns : undefined) as IndicatorNode["concerns"] | undefined;
  }
  fields.confirmed = f.unconfirmed === "on" ? false : undefined;
  fields.note = text(f, "note") || undefined;
  if (Object.keys(errors).length) throw new FieldErrors(errors);
  return { edit: (d) => updateNode(d, code, fields), action: "draft.updated", detail: { code }, done: "nodeSaved", vars: { code } };
}

function settingsEdit(f: Fields): Edit {
  const errors: Record<string, MessageKey> = {};
  required(f, ["nameZh", "nameEn", "descriptionZh", "descriptionEn"], errors);
  const share = text(f, "minFilledShare");
  const min = share ? num(share) : null;
  if (share && (min === null || !(min > 0) || min > 1)) errors.minFilledShare = "thresholdFormat";
  if (Object.keys(errors).length) throw new FieldErrors(errors);
  // The default rule (every indicator, with its mandatory evidence) is stored as no rule, so saving the settings unchanged changes nothing.
  const completeness = (min ?? 1) === 1 && f.mandatoryEvidence === "on" ? undefined : { minFilledShare: min ?? 1, mandatoryEvidence: f.mandatoryEvidence === "on" };
  return {
    edit: (doc) => {
      const next: Framework = { ...doc, name: local(f, "name"), description: local(f, "description"), source: text(f, "source") || undefined, completeness };
      return JSON.parse(JSON.stringify(next)) as Framework;
    },
    action: "draft.settings",
    done: "settingsSaved",
  };
}

export async function runEditIntent(db: Parameters<typeof editDraft>[0], input: { userId: string; ref: string; document: Framework; locale: Locale; form: FormData }): Promise<EditOutcome> {
  const f: Fields = {};
  for (const [key, value] of input.form) if (typeof value === "string") f[key] = key === "concerns" && f.concerns ? `${f.concerns},${value}` : value;
  const revision = f.revision || null;
  const { locale } = input;
  let edit: Edit;
  try {
    switch (f.intent) {
      case "reweight":
        edit = reweightEdit(f);
        break;
      case "add":
        edit = addEdit(f, locale);
        break;
      case "remove":
        edit = removeEdit(f);
        break;
      case "move":
        edit = moveEdit(f);
        break;
      case "update":
        edit = updateEdit(f, input.document);
        break;
      case "settings":
        edit = settingsEdit(f);
        break;
      default:
        return { ok: false, errors: { form: translate(locale, "invalidField") } };
    }
  } catch (e) {
    if (e instanceof FieldErrors) return { ok: false, errors: Object.fromEntries(Object.entries(e.errors).map(([k, key]) => [k, translate(locale, key)])) };
    throw e;
  }
  try {
    await editDraft(db, { userId: input.userId, ref: input.ref, revision, edit: edit.edit, action: edit.action, detail: edit.detail });
    return { ok: true, done: edit.done, vars: edit.vars };
  } catch (e) {
    if (e instanceof ProblemError) return { ok: false, errors: { [e.field ?? "form"]: problemText(locale, e.problem) } };
    throw e;
  }
}
