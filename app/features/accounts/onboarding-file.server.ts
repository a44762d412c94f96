import { z } from "zod";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { organization, orgProfile } from "../../../db/schema";
import { formatCsv } from "../../../indicators";
import { provinceNamed, provinceOfCode } from "../../platform/divisions";
import { readSheetRows } from "../../platform/spreadsheet-file.server";
import { parseTypedNumber } from "../../platform/typed-number";
import { problem, problemText, recordedPlace, type Locale, type MessageKey, type Problem, type ProblemVar } from "../i18n/index.server";
import type { OrgKind } from "../access/index.server";
import type { NewOrganization } from "./organizations.server";

/** The onboarding file's columns; a file may use the Chinese or the English headers, in any order. */
export const ONBOARDING_COLUMNS = [
  { key: "kind", zh: "类型", en: "Kind", required: true },
  { key: "name", zh: "名称", en: "Name", required: true },
  { key: "nameEn", zh: "英文名称", en: "English name", required: false },
  { key: "divisionCode", zh: "行政区划代码", en: "Division code", required: false },
  { key: "province", zh: "省份", en: "Province", required: false },
  { key: "region", zh: "地区", en: "Region", required: false },
  { key: "tier", zh: "城市等级", en: "Tier", required: false },
  { key: "population", zh: "人口", en: "Population", required: false },
  { key: "contacts", zh: "联系人邮箱", en: "Contact e-mails", required: true },
] as const;
type ColumnKey = (typeof ONBOARDING_COLUMNS)[number]["key"];

/** Every town of the country, with room to spare; a larger sheet is not an onboarding file. */
export const ONBOARDING_MAX_ROWS = 25_000;
export const ONBOARDING_MAX_CONTACTS = 5;

/** Each kind by the names people write it under: our own labels, short forms and the English. */
const KIND_NAMES: Record<string, OrgKind> = {
  试点城市: "city", 城市: "city", 城镇: "city", 镇: "city", city: "city", town: "city",
  第三方评估机构: "agency", 评估机构: "agency", 机构: "agency", agency: "agency",
  主管部门: "ministry", 部委: "ministry", 部门: "ministry", ministry: "ministry",
};

/** One organisation of the file, as created: what one-at-a-time creation takes, with its row and every contact. */
export type OnboardingRow = Omit<NewOrganization, "adminEmail"> & {
  /** 1-based row of the file (the header is row 1). */
  row: number;
  contacts: string[];
};

export interface OnboardingProblem {
  /** 1-based row of the file; 0 for the file as a whole. */
  row: number;
  /** The column's key, or "" for the file or the row as a whole. */
  column: ColumnKey | "";
  problem: Problem;
}

const fileProblem = (key: MessageKey, vars?: Record<string, ProblemVar>): { problems: OnboardingProblem[] } => ({ problems: [{ row: 0, column: "", problem: problem(key, vars) }] });

/** The sheet's rows as trimmed text: XLSX recognised by its content, CSV (UTF-8 or GBK) otherwise. */
export async function readOnboardingFile(bytes: Uint8Array): Promise<{ rows: string[][] } | { problems: OnboardingProblem[] }> {
  const read = await readSheetRows(bytes, { width: ONBOARDING_COLUMNS.length, maxRows: ONBOARDING_MAX_ROWS + 1, tooMany: (rows) => problem("p_onboardTooManyRows", { rows: rows - 1, max: ONBOARDING_MAX_ROWS }) });
  return "problem" in read ? { problems: [{ row: 0, column: "", problem: read.problem }] } : read;
}

/** The header's cells matched to our columns; unknown, repeated and missing required columns are problems of row 1. */
function headerColumns(header: string[]): { at: Map<ColumnKey, number> } | { problems: OnboardingProblem[] } {
  const at = new Map<ColumnKey, number>();
  const problems: OnboardingProblem[] = [];
  header.forEach((raw, i) => {
    const got = raw.replace(/^\ufeff/, "").trim();
    if (got === "") return;
    const column = ONBOARDING_COLUMNS.find((c) => c.zh === got || c.en.toLowerCase() === got.toLowerCase());
    if (!column) return void problems.push({ row: 1, column: "", problem: problem("p_onboardUnknownColumn", { n: i + 1, got, expected: ONBOARDING_COLUMNS.map((c) => c.zh).join("、") }) });
    if (at.has(column.key)) return void problems.push({ row: 1, column: column.key, problem: problem("p_onboardRepeatedColumn", { n: i + 1, first: at.get(column.key)! + 1 }) });
    at.set(column.key, i);
  });
  for (const c of ONBOARDING_COLUMNS) if (c.required && !at.has(c.key)) problems.push({ row: 1, column: c.key, problem: problem("p_onboardMissingColumn") });
  return problems.length ? { problems } : { at };
}

const email = z.string().email();
const CONTACT_SEPARATORS = /[;,；，、\s]+/;

/** One row read and checked on its own; problems name the column. */
function checkRow(cells: (key: ColumnKey) => string, row: number, problems: OnboardingProblem[]): OnboardingRow | null {
  const before = problems.length;
  const flag = (column: ColumnKey, key: MessageKey, vars?: Record<string, ProblemVar>) => problems.push({ row, column, problem: problem(key, vars) });
  const tooLong = (column: ColumnKey, max: number) => cells(column).length > max && flag(column, "p_onboardTooLong", { max });

  const kindText = cells("kind");
  const kind = KIND_NAMES[kindText] ?? KIND_NAMES[kindText.toLowerCase()];
  if (!kindText) flag("kind", "p_onboardRequired");
  else if (!kind) flag("kind", "p_onboardKind", { got: kindText });
  if (!cells("name")) flag("name", "p_onboardRequired");
  tooLong("name", 120);
  tooLong("nameEn", 120);
  tooLong("region", 50);
  tooLong("tier", 50);

  const code = cells("divisionCode");
  const provinceText = cells("province");
  let province = provinceText ? provinceNamed(recordedPlace(provinceText)) : undefined;
  if (provinceText && !province) flag("province", "p_onboardProvince", { got: provinceText });
  if (kind === "city") {
    if (!code) flag("divisionCode", "p_onboardCodeRequired");
    else if (!/^\d{6}$/.test(code)) flag("divisionCode", "p_onboardCodeFormat", { got: code });
    else {
      const ofCode = provinceOfCode(code);
      if (!ofCode) flag("divisionCode", "p_onboardCodePrefix", { code, prefix: code.slice(0, 2) });
      else if (province && province.prefix !== ofCode.prefix) flag("province", "p_onboardProvinceMismatch", { code, ofCode: ofCode.name, got: provinceText });
      else province = ofCode;
    }
  } else if (kind && code) flag("divisionCode", "p_onboardCodeNotCity");

  const populationText = cells("population");
  const population = parseTypedNumber(populationText);
  if (populationText && (population === undefined || population === null || !Number.isSafeInteger(population) || population <= 0)) flag("population", "p_onboardPopulation", { got: populationText });

  const contacts = cells("contacts").split(CONTACT_SEPARATORS).filter(Boolean).map((c) => c.toLowerCase());
  if (!contacts.length) flag("contacts", "p_onboardRequired");
  if (contacts.length > ONBOARDING_MAX_CONTACTS) flag("contacts", "p_onboardTooManyContacts", { n: contacts.length, max: ONBOARDING_MAX_CONTACTS });
  for (const c of contacts) if (c.length > 254 || !email.safeParse(c).success) flag("contacts", "p_onboardEmail", { got: c });
  const repeated = contacts.find((c, i) => contacts.indexOf(c) !== i);
  if (repeated) flag("contacts", "p_onboardEmailRepeated", { got: repeated });

  if (problems.length > before || !kind) return null;
  const optional = (key: ColumnKey) => cells(key) || undefined;
  const place = (key: ColumnKey) => (cells(key) ? recordedPlace(cells(key)) : undefined);
  return {
    row,
    kind,
    name: cells("name"),
    nameEn: optional("nameEn"),
    divisionCode: kind === "city" ? code : undefined,
    province: province?.name,
    // A city's region follows from its province unless the file says otherwise.
    region: place("region") ?? (kind === "city" ? province?.region : undefined),
    tier: place("tier"),
    population: population ?? undefined,
    contacts,
  };
}

/** What already exists that a new organisation may not repeat: names (case-insensitive) and division codes. */
async function existingOrganizations(db: Db) {
  const names = await db.select({ key: sql<string>`lower(${organization.name})`, name: organization.name }).from(organization);
  const codes = await db.select({ code: orgProfile.divisionCode, name: organization.name }).from(orgProfile).innerJoin(organization, sql`${organization.id} = ${orgProfile.organizationId}`).where(sql`${orgProfile.divisionCode} is not null`);
  return { names: new Map(names.map((r) => [r.key, r.name])), codes: new Map(codes.map((r) => [r.code!, r.name])) };
}

/**
 * Every row checked against the columns, against each other and against the organisations that
 * exist: either every row, ready to create, or every problem found, each on its row and column.
 */
export async function checkOnboarding(db: Db, fileRows: string[][]): Promise<{ rows: OnboardingRow[] } | { problems: OnboardingProblem[] }> {
  const [header = [], ...body] = fileRows;
  const columns = headerColumns(header);
  if ("problems" in columns) return columns;
  const existing = await existingOrganizations(db);
  const problems: OnboardingProblem[] = [];
  const rows: OnboardingRow[] = [];
  const firstName = new Map<string, number>();
  const firstCode = new Map<string, number>();
  body.forEach((cellsOfRow, k) => {
    const row = k + 2;
    if (cellsOfRow.every((c) => c === "")) return;
    const cell = (key: ColumnKey) => {
      const i = columns.at.get(key);
      return i === undefined ? "" : (cellsOfRow[i] ?? "");
    };
    const checked = checkRow(cell, row, problems);
    const name = cell("name");
    if (name) {
      const key = name.toLowerCase();
      if (firstName.has(key)) problems.push({ row, column: "name", problem: problem("p_onboardRepeatedInFile", { first: firstName.get(key)! }) });
      else firstName.set(key, row);
      if (existing.names.has(key)) problems.push({ row, column: "name", problem: problem("p_onboardNameTaken", { name: existing.names.get(key)! }) });
    }
    const code = checked?.divisionCode;
    if (code) {
      if (firstCode.has(code)) problems.push({ row, column: "divisionCode", problem: problem("p_onboardRepeatedInFile", { first: firstCode.get(code)! }) });
      else firstCode.set(code, row);
      if (existing.codes.has(code)) problems.push({ row, column: "divisionCode", problem: problem("p_onboardCodeTaken", { code, name: existing.codes.get(code)! }) });
    }
    if (checked) rows.push(checked);
  });
  if (problems.length) return { problems };
  if (!rows.length) return fileProblem("p_onboardNoRows");
  return { rows };
}

/** The problems as a reader reads them: the column under its header in the reader's language. */
export function localizeOnboardingProblems(locale: Locale, problems: OnboardingProblem[]) {
  const lang = locale === "en" ? "en" : "zh";
  return problems.map((p) => ({ row: p.row, column: ONBOARDING_COLUMNS.find((c) => c.key === p.column)?.[lang] ?? "", message: problemText(locale, p.problem) }));
}

/** The template: the headers in the reader's language and one example row of each kind. */
export function onboardingTemplateCsv(locale: Locale) {
  const lang = locale === "en" ? "en" : "zh";
  const rows = [
    ONBOARDING_COLUMNS.map((c) => c[lang]),
    lang === "zh" ? ["试点城市", "示例市", "Example City", "340200", "安徽省", "华东", "二线", "3640000", "admin@example.gov.cn; deputy@example.gov.cn"] : ["city", "Example City", "Example City", "340200", "Anhui", "", "Tier 2", "3640000", "admin@example.gov.cn; deputy@example.gov.cn"],
    lang === "zh" ? ["第三方评估机构", "示例评估中心", "", "", "", "", "", "", "lead@example-assess.cn"] : ["agency", "Example Assessment Centre", "", "", "", "", "", "", "lead@example-assess.cn"],
  ];
  return Buffer.from(`\ufeff${formatCsv(rows).replace(/\n/g, "\r\n")}`, "utf8");
}
