import { frameworkProblems } from "./load";
import { problemAt, type FrameworkProblem } from "./problems";
import { isIndicator, type Framework, type FrameworkNode, type GroupNode, type IndicatorNode, type LocalText } from "./schema";

/**
 * A framework as a workbook: a "Framework" sheet of settings, one sheet per level of groups
 * (dimensions first), one of indicators, and one each for rubric levels and evidence — the shape
 * ministries keep indicator systems in. Pure: sheets are arrays of rows; the app reads and writes
 * the XLSX file.
 */
export type Cell = string | number | boolean | null;
export interface Sheet {
  name: string;
  rows: Cell[][];
}

/** Where a problem is in the workbook (row is the 1-based spreadsheet row), with what is wrong. */
export interface SheetProblem extends FrameworkProblem {
  sheet: string;
  row?: number;
  column?: string;
}

export const SETTINGS_SHEET = "Framework";
export const INDICATOR_SHEET = "Indicators";
export const LEVEL_SHEET = "Rubric levels";
export const EVIDENCE_SHEET = "Evidence";
export const RULES_SHEET = "Rules";
export const groupSheet = (level: number) => `Level ${level}`;

const GROUP_COLUMNS = ["code", "parent", "weight", "name_zh", "name_en", "description_zh", "description_en", "concerns", "confirmed", "note"] as const;
const INDICATOR_COLUMNS = [
  "code", "parent", "weight", "kind", "name_zh", "name_en", "description_zh", "description_en", "unit_zh", "unit_en", "direction",
  "formula_zh", "formula_en", "range_min", "range_max", "data_source_zh", "data_source_en", "concerns", "confirmed", "normalisation", "score_no", "score_yes", "note",
  "max_change", "expects_change", "survey",
] as const;
const RULE_COLUMNS = ["id", "expression", "severity", "message_zh", "message_en"] as const;
const LEVEL_COLUMNS = ["indicator", "level", "score", "descriptor_zh", "descriptor_en"] as const;
const EVIDENCE_COLUMNS = ["indicator", "kind", "mandatory", "description_zh", "description_en"] as const;
const SETTINGS_KEYS = ["id", "version", "status", "name_zh", "name_en", "description_zh", "description_en", "source", "default_normalisation", "completeness_min_filled_share", "completeness_mandatory_evidence"] as const;

/* ------------------------------------------------------------------ export */

const orNull = (v: string | number | boolean | undefined | null): Cell => (v === undefined ? null : v);
const json = (v: unknown): Cell => (v === undefined ? null : JSON.stringify(v));

export function frameworkToSheets(framework: Framework): Sheet[] {
  const groupLevels: Cell[][][] = [];
  const indicators: Cell[][] = [];
  const levels: Cell[][] = [];
  const evidence: Cell[][] = [];
  const visit = (nodes: FrameworkNode[], parent: string | null, depth: number) => {
    for (const node of nodes) {
      if (isIndicator(node)) {
        indicators.push(indicatorRow(node, parent));
        if (node.kind === "rubric") for (const l of node.levels) levels.push([node.code, l.level, l.score, l.descriptor.zh, l.descriptor.en]);
        for (const e of node.evidence) evidence.push([node.code, e.kind, e.mandatory, e.description.zh, e.description.en]);
      } else {
        (groupLevels[depth - 1] ??= []).push([
          node.code, parent, node.weight, node.name.zh, node.name.en, orNull(node.description?.zh), orNull(node.description?.en),
          node.concerns ? node.concerns.join(" ") : null, orNull(node.confirmed), orNull(node.note),
        ]);
        visit(node.children, node.code, depth + 1);
      }
    }
  };
  visit(framework.dimensions, null, 1);
  const settings: Cell[][] = [
    ["key", "value"],
    ["id", framework.id],
    ["version", framework.version],
    ["status", framework.status],
    ["name_zh", framework.name.zh],
    ["name_en", framework.name.en],
    ["description_zh", framework.description.zh],
    ["description_en", framework.description.en],
    ["source", orNull(framework.source)],
    ["default_normalisation", json(framework.defaultNormalisation)],
    ["completeness_min_filled_share", orNull(framework.completeness?.minFilledShare)],
    ["completeness_mandatory_evidence", orNull(framework.completeness?.mandatoryEvidence)],
  ];
  return [
    { name: SETTINGS_SHEET, rows: settings },
    ...groupLevels.map((rows, i) => ({ name: groupSheet(i + 1), rows: [[...GROUP_COLUMNS], ...rows] })),
    { name: INDICATOR_SHEET, rows: [[...INDICATOR_COLUMNS], ...indicators] },
    { name: LEVEL_SHEET, rows: [[...LEVEL_COLUMNS], ...levels] },
    { name: EVIDENCE_SHEET, rows: [[...EVIDENCE_COLUMNS], ...evidence] },
    { name: RULES_SHEET, rows: [[...RULE_COLUMNS], ...(framework.rules ?? []).map((rule) => [rule.id, rule.expression, rule.severity, rule.message.zh, rule.message.en])] },
  ];
}

function indicatorRow(node: IndicatorNode, parent: string | null): Cell[] {
  const range = node.kind === "quantitative" ? node.expectedRange : undefined;
  const scores = node.kind === "binary" ? node.scores : undefined;
  return [
    node.code, parent, node.weight, node.kind, node.name.zh, node.name.en, node.description.zh, node.description.en, node.unit.zh, node.unit.en, node.direction,
    node.kind === "quantitative" ? node.formula.zh : null, node.kind === "quantitative" ? node.formula.en : null,
    orNull(range?.[0]), orNull(range?.[1]), node.dataSource.zh, node.dataSource.en, node.concerns.join(" "), orNull(node.confirmed),
    json(node.normalisation), orNull(scores?.no), orNull(scores?.yes), orNull(node.note),
    orNull(node.kind === "quantitative" ? node.plausibility?.maxChange : undefined), orNull(node.kind === "quantitative" ? node.plausibility?.expectsChange : undefined),
    json(node.kind === "quantitative" ? node.survey : undefined),
  ];
}

/* ------------------------------------------------------------------ import */

type Where = { sheet: string; row: number };

class Reader {
  readonly problems: SheetProblem[] = [];
  add(where: { sheet: string; row?: number; column?: string }, code: FrameworkProblem["code"], message: string, vars: Record<string, string> = {}) {
    this.problems.push({ ...problemAt([], code, message, vars), ...where });
  }

  /** A sheet's rows as records by column name; a missing required column is one problem, and the sheet is skipped. */
  table(sheet: Sheet | undefined, name: string, columns: readonly string[], required: readonly string[]): { at: Where; get: (c: string) => Cell }[] {
    if (!sheet) {
      this.add({ sheet: name }, "missingSheet", `sheet "${name}" is missing`, { sheet: name });
      return [];
    }
    const header = (sheet.rows[0] ?? []).map((c) => headerKey(c));
    const index = new Map(header.map((h, i) => [h, i] as const));
    const absent = required.filter((c) => !index.has(c));
    for (const c of absent) this.add({ sheet: name, row: 1, column: c }, "missingColumn", `column "${c}" is missing`, { column: c });
    if (absent.length) return [];
    void columns;
    return sheet.rows
      .map((cells, i) => ({ cells, row: i + 1 }))
      .slice(1)
      .filter(({ cells }) => cells.some((c) => c !== null && String(c).trim() !== ""))
      .map(({ cells, row }) => ({ at: { sheet: name, row }, get: (c: string) => (index.has(c) ? (cells[index.get(c)!] ?? null) : null) }));
  }

  text(at: Where, get: (c: string) => Cell, column: string): string | undefined {
    const v = get(column);
    const s = v === null || v === undefined ? "" : String(v).trim();
    return s === "" ? undefined : s;
  }

  /** A bilingual text from `<base>_zh` and `<base>_en`: both or (when optional) neither. */
  local(at: Where, get: (c: string) => Cell, base: string, optional = false): LocalText | undefined {
    const zh = this.text(at, get, `${base}_zh`);
    const en = this.text(at, get, `${base}_en`);
    if (!zh && !en && optional) return undefined;
    if (!zh) this.add({ ...at, column: `${base}_zh` }, "missingTranslation", "Chinese text is required", { language: "zh" });
    if (!en) this.add({ ...at, column: `${base}_en` }, "missingTranslation", "English text is required", { language: "en" });
    return { zh: zh ?? "", en: en ?? "" };
  }

  number(at: Where, get: (c: string) => Cell, column: string, optional = false): number | undefined {
    const v = get(column);
    if (v === null || String(v).trim() === "") {
      if (!optional) this.add({ ...at, column }, "missing", "a number is required");
      return undefined;
    }
    const n = typeof v === "number" ? v : Number(String(v).trim());
    if (!Number.isFinite(n)) {
      this.add({ ...at, column }, "notANumber", `expected a number, got "${String(v)}"`, { value: String(v) });
      return undefined;
    }
    return n;
  }

  boolean(at: Where, get: (c: string) => Cell, column: string): boolean | undefined {
    const v = get(column);
    if (v === null || String(v).trim() === "") return undefined;
    if (typeof v === "boolean") return v;
    const s = String(v).trim().toLowerCase();
    if (["true", "yes", "1", "是"].includes(s)) return true;
    if (["false", "no", "0", "否"].includes(s)) return false;
    this.add({ ...at, column }, "badBoolean", `expected yes or no, got "${String(v)}"`, { value: String(v) });
    return undefined;
  }

  json(at: Where, get: (c: string) => Cell, column: string): unknown {
    const s = this.text(at, get, column);
    if (s === undefined) return undefined;
    try {
      return JSON.parse(s);
    } catch (e) {
      this.add({ ...at, column }, "badJson", `not valid JSON: ${(e as Error).message}`, { detail: (e as Error).message });
      return undefined;
    }
  }
}

/** A header cell's column key: the cell itself, or the key in parentheses at its end ("名称（中文） (name_zh)"). */
function headerKey(cell: Cell): string {
  const s = cell === null ? "" : String(cell).trim();
  const m = /\(([a-z_]+)\)$/.exec(s);
  return m ? m[1]! : s;
}

const withoutUndefined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const concernList = (s: string | undefined) => (s ? s.split(/[\s,，;；]+/).filter(Boolean) : []);

/**
 * A framework from workbook sheets, or every problem with its sheet, row and column (nothing is
 * returned unless all is well): unknown parents, duplicate codes, weights ≤ 0, missing
 * translations, bad ranges, and then everything the framework schema checks.
 */
export function sheetsToFramework(sheets: readonly Sheet[]): { framework: Framework; problems: [] } | { framework: null; problems: SheetProblem[] } {
  const r = new Reader();
  const byName = new Map(sheets.map((s) => [s.name.trim(), s]));
  const located = new Map<string, Where>();

  // Settings: key/value rows.
  const settings = new Map<string, Cell>();
  const settingsRow = new Map<string, number>();
  const settingsSheet = byName.get(SETTINGS_SHEET);
  if (!settingsSheet) r.add({ sheet: SETTINGS_SHEET }, "missingSheet", `sheet "${SETTINGS_SHEET}" is missing`, { sheet: SETTINGS_SHEET });
  else
    settingsSheet.rows.slice(1).forEach((cells, i) => {
      const key = headerKey(cells[0] ?? null);
      if ((SETTINGS_KEYS as readonly string[]).includes(key)) {
        settings.set(key, cells[1] ?? null);
        settingsRow.set(key, i + 2);
      }
    });
  const s = { sheet: SETTINGS_SHEET, row: 0 };
  const setting = (key: string) => ({ at: { ...s, row: settingsRow.get(key) ?? 0 }, get: (k: string) => (k === "value" ? (settings.get(key) ?? null) : null) });
  const settingText = (key: string) => {
    const { at, get } = setting(key);
    const v = r.text(at, get, "value");
    return v;
  };
  const requiredSetting = (key: string) => {
    const v = settingText(key);
    if (v === undefined) r.add({ sheet: SETTINGS_SHEET, row: settingsRow.get(key), column: key }, key.endsWith("_en") || key.endsWith("_zh") ? "missingTranslation" : "missing", `"${key}" is required`, { language: key.slice(-2) });
    return v ?? "";
  };
  const minShare = (() => {
    const { at, get } = setting("completeness_min_filled_share");
    return r.number(at, get, "value", true);
  })();
  const mandatoryEvidence = (() => {
    const { at, get } = setting("completeness_mandatory_evidence");
    return r.boolean(at, get, "value");
  })();
  const defaultNormalisation = (() => {
    const { at, get } = setting("default_normalisation");
    return r.json(at, get, "value");
  })();

  // Group levels, in order, then indicators.
  const groupSheets = [...byName.keys()].filter((n) => /^Level \d+$/.test(n)).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  if (!groupSheets.length) r.add({ sheet: groupSheet(1) }, "missingSheet", `sheet "${groupSheet(1)}" is missing`, { sheet: groupSheet(1) });
  const groups = new Map<string, GroupNode>();
  const levelOf = new Map<string, number>();
  const dimensions: FrameworkNode[] = [];
  const attach = (node: FrameworkNode, parent: string | null, at: Where, level: number) => {
    if (located.has(node.code)) {
      const first = located.get(node.code)!;
      r.add({ ...at, column: "code" }, "duplicateCode", `duplicate code "${node.code}" (also at ${first.sheet} row ${first.row})`, { code: node.code, other: `${first.sheet} ${first.row}` });
      return;
    }
    located.set(node.code, at);
    if (level === 1) {
      if (parent) r.add({ ...at, column: "parent" }, "unknownParent", "a dimension has no parent", { parent });
      dimensions.push(node);
      return;
    }
    const owner = parent ? groups.get(parent) : undefined;
    if (!owner || levelOf.get(parent!) !== level - 1) {
      r.add({ ...at, column: "parent" }, "unknownParent", `parent "${parent ?? ""}" is not a code of the level above`, { parent: parent ?? "" });
      return;
    }
    owner.children.push(node);
  };
  const weightOf = (at: Where, get: (c: string) => Cell) => {
    const w = r.number(at, get, "weight");
    if (w !== undefined && !(w > 0)) r.add({ ...at, column: "weight" }, "weightNotPositive", "must be > 0");
    return w ?? 0;
  };

  groupSheets.forEach((name, i) => {
    const level = i + 1;
    if (name !== groupSheet(level)) r.add({ sheet: name }, "missingSheet", `sheet "${groupSheet(level)}" is missing`, { sheet: groupSheet(level) });
    for (const { at, get } of r.table(byName.get(name), name, GROUP_COLUMNS, ["code", "parent", "weight", "name_zh", "name_en"])) {
      const code = r.text(at, get, "code") ?? "";
      if (!code) r.add({ ...at, column: "code" }, "missing", "a code is required");
      const concerns = r.text(at, get, "concerns");
      const node: GroupNode = withoutUndefined({
        code,
        name: r.local(at, get, "name")!,
        description: r.local(at, get, "description", true),
        weight: weightOf(at, get),
        concerns: concerns === undefined ? undefined : (concernList(concerns) as GroupNode["concerns"]),
        confirmed: r.boolean(at, get, "confirmed"),
        note: r.text(at, get, "note"),
        children: [],
      });
      attach(node, r.text(at, get, "parent") ?? null, at, level);
      groups.set(code, node);
      levelOf.set(code, level);
    }
  });

  const indicatorLevel = groupSheets.length + 1;
  const indicators = new Map<string, IndicatorNode>();
  for (const { at, get } of r.table(byName.get(INDICATOR_SHEET), INDICATOR_SHEET, INDICATOR_COLUMNS, ["code", "parent", "weight", "kind", "name_zh", "name_en", "direction"])) {
    const code = r.text(at, get, "code") ?? "";
    if (!code) r.add({ ...at, column: "code" }, "missing", "a code is required");
    const kind = r.text(at, get, "kind");
    const min = r.number(at, get, "range_min", true);
    const max = r.number(at, get, "range_max", true);
    if ((min === undefined) !== (max === undefined)) r.add({ ...at, column: min === undefined ? "range_min" : "range_max" }, "rangeInverted", "give both ends of the expected range, or neither");
    else if (min !== undefined && max !== undefined && min > max) r.add({ ...at, column: "range_min" }, "rangeInverted", "minimum is above maximum");
    const no = r.number(at, get, "score_no", true);
    const yes = r.number(at, get, "score_yes", true);
    const plausibility = withoutUndefined({ maxChange: r.number(at, get, "max_change", true), expectsChange: r.boolean(at, get, "expects_change") });
    const base = {
      code,
      name: r.local(at, get, "name")!,
      description: r.local(at, get, "description")!,
      weight: weightOf(at, get),
      unit: r.local(at, get, "unit")!,
      direction: r.text(at, get, "direction"),
      normalisation: r.json(at, get, "normalisation"),
      evidence: [],
      dataSource: r.local(at, get, "data_source")!,
      concerns: concernList(r.text(at, get, "concerns")),
      confirmed: r.boolean(at, get, "confirmed"),
      note: r.text(at, get, "note"),
      kind,
    };
    const node = withoutUndefined(
      kind === "quantitative"
        ? {
            ...base,
            formula: r.local(at, get, "formula")!,
            expectedRange: min !== undefined && max !== undefined ? ([min, max] as [number, number]) : undefined,
            plausibility: Object.keys(plausibility).length ? plausibility : undefined,
            survey: r.json(at, get, "survey"),
          }
        : kind === "rubric"
          ? { ...base, levels: [] }
          : kind === "binary"
            ? { ...base, scores: no !== undefined && yes !== undefined ? { no, yes } : undefined }
            : base,
    ) as unknown as IndicatorNode;
    if (kind !== "quantitative" && kind !== "rubric" && kind !== "binary") r.add({ ...at, column: "kind" }, "notOneOf", `expected quantitative, rubric or binary, got "${kind ?? ""}"`, { options: "quantitative, rubric, binary" });
    attach(node, r.text(at, get, "parent") ?? null, at, indicatorLevel);
    indicators.set(code, node);
  }

  const ownerIndicator = (at: Where, get: (c: string) => Cell) => {
    const code = r.text(at, get, "indicator") ?? "";
    const ind = indicators.get(code);
    if (!ind) r.add({ ...at, column: "indicator" }, "unknownIndicator", `"${code}" is not an indicator of the "${INDICATOR_SHEET}" sheet`, { code, sheet: INDICATOR_SHEET });
    return ind;
  };
  for (const { at, get } of r.table(byName.get(LEVEL_SHEET), LEVEL_SHEET, LEVEL_COLUMNS, ["indicator", "level", "score", "descriptor_zh", "descriptor_en"])) {
    const ind = ownerIndicator(at, get);
    const entry = { level: r.number(at, get, "level") ?? 0, score: r.number(at, get, "score") ?? 0, descriptor: r.local(at, get, "descriptor")! };
    if (ind && ind.kind !== "rubric") r.add({ ...at, column: "indicator" }, "notOneOf", `"${ind.code}" is not a rubric indicator`, { options: "rubric" });
    else if (ind) ind.levels.push(entry);
    if (ind) located.set(`${ind.code}#level${ind.kind === "rubric" ? ind.levels.length - 1 : 0}`, at);
  }
  for (const { at, get } of r.table(byName.get(EVIDENCE_SHEET), EVIDENCE_SHEET, EVIDENCE_COLUMNS, ["indicator", "kind", "mandatory", "description_zh", "description_en"])) {
    const ind = ownerIndicator(at, get);
    const entry = { kind: r.text(at, get, "kind") as IndicatorNode["evidence"][number]["kind"], mandatory: r.boolean(at, get, "mandatory") ?? false, description: r.local(at, get, "description")! };
    if (ind) {
      ind.evidence.push(entry);
      located.set(`${ind.code}#evidence${ind.evidence.length - 1}`, at);
    }
  }

  // Rules: a workbook from before rules existed has no such sheet, and no rules.
  const rules: NonNullable<Framework["rules"]> = [];
  if (byName.has(RULES_SHEET))
    for (const { at, get } of r.table(byName.get(RULES_SHEET), RULES_SHEET, RULE_COLUMNS, RULE_COLUMNS)) {
      rules.push({ id: r.text(at, get, "id") ?? "", expression: r.text(at, get, "expression") ?? "", severity: r.text(at, get, "severity") as "error" | "warning", message: r.local(at, get, "message")! });
      located.set(`#rule${rules.length - 1}`, at);
    }

  const framework = withoutUndefined({
    id: requiredSetting("id"),
    version: requiredSetting("version"),
    status: (settingText("status") ?? "draft") as Framework["status"],
    name: { zh: requiredSetting("name_zh"), en: requiredSetting("name_en") },
    description: { zh: requiredSetting("description_zh"), en: requiredSetting("description_en") },
    source: settingText("source"),
    defaultNormalisation: defaultNormalisation as Framework["defaultNormalisation"],
    completeness: minShare === undefined && mandatoryEvidence === undefined ? undefined : { minFilledShare: minShare ?? 1, mandatoryEvidence: mandatoryEvidence ?? true },
    rules: rules.length ? rules : undefined,
    dimensions,
  }) as Framework;

  if (r.problems.length) return { framework: null, problems: r.problems };
  // What the sheets could not see (formats, enumerations, rubric order, depths): the schema's checks, placed back on their rows.
  const rest = frameworkProblems(framework);
  if (!rest.length) return { framework, problems: [] };
  return { framework: null, problems: rest.map((p) => placeProblem(p, framework, located, settingsRow)) };
}

const COLUMN_OF: Record<string, string> = { dataSource: "data_source", expectedRange: "range_min", scores: "score_no", defaultNormalisation: "default_normalisation" };

/** A schema problem (by document path) on the sheet row and column it came from. */
function placeProblem(p: FrameworkProblem, framework: Framework, located: Map<string, Where>, settingsRow: Map<string, number>): SheetProblem {
  let nodes: FrameworkNode[] = framework.dimensions;
  let node: FrameworkNode | null = null;
  let i = 0;
  if (p.path[0] === "rules") {
    const at = located.get(`#rule${String(p.path[1])}`);
    const field = String(p.path[2] ?? "expression");
    return { ...p, sheet: RULES_SHEET, row: at?.row, column: p.path[3] ? `${field}_${String(p.path[3])}` : field };
  }
  if (p.path[0] !== "dimensions") {
    const key = String(p.path[0] ?? "");
    const field = p.path.length > 1 ? `${COLUMN_OF[key] ?? key}_${String(p.path[1])}` : (COLUMN_OF[key] ?? key);
    const settingKey = key === "completeness" ? `completeness_${p.path[1] === "minFilledShare" ? "min_filled_share" : "mandatory_evidence"}` : field;
    return { ...p, sheet: SETTINGS_SHEET, row: settingsRow.get(settingKey), column: settingKey };
  }
  for (i = 1; i < p.path.length; i += 2) {
    const index = p.path[i];
    if (typeof index !== "number") break;
    node = nodes[index] ?? null;
    if (!node || isIndicator(node) || p.path[i + 1] !== "children") break;
    nodes = node.children;
  }
  const rest = p.path.slice(i + 1).map(String);
  if (!node) return { ...p, sheet: groupSheet(1) };
  if (isIndicator(node) && (rest[0] === "levels" || rest[0] === "evidence")) {
    const at = located.get(`${node.code}#${rest[0] === "levels" ? "level" : "evidence"}${rest[1] ?? 0}`);
    const column = rest[2] ? (rest[3] ? `${rest[2]}_${rest[3]}` : rest[2]) : rest[0] === "levels" ? "level" : "kind";
    if (at) return { ...p, sheet: at.sheet, row: at.row, column };
  }
  const at = located.get(node.code)!;
  const first = rest[0] ?? "code";
  const column =
    first === "survey"
      ? "survey"
      : first === "plausibility"
      ? rest[1] === "expectsChange"
        ? "expects_change"
        : "max_change"
      : rest[1] && !/^\d+$/.test(rest[1])
        ? `${COLUMN_OF[first] ?? first}_${rest[1]}`
        : (COLUMN_OF[first] ?? first);
  return { ...p, sheet: at.sheet, row: at.row, column };
}
