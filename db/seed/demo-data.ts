import type { MethodOptions } from "../../indicators";
/** The demo tenants: pilot cities named in the seed article, identified by GB/T 2260 codes. */
export const DEMO_PASSWORD = "zhiping-demo-2026";

export const DEMO_MINISTRY = { slug: "demo-ministry", name: "国家智慧城市试点评估办公室（演示）", nameEn: "National Smart-City Pilot Evaluation Office (demo)" };

export const DEMO_AGENCIES = [
  { slug: "huaxin-eval", name: "华信第三方评估中心（演示）", nameEn: "Huaxin Third-Party Evaluation Centre (demo)", domain: "huaxin" },
  { slug: "zhongcheng-eval", name: "中城智评研究院（演示）", nameEn: "Zhongcheng Smart Evaluation Institute (demo)", domain: "zhongcheng" },
] as const;

export interface DemoCity {
  code: string;
  name: string;
  nameEn: string;
  province: string;
  region: string;
  tier: string;
  population: number;
  note?: string;
}

export const DEMO_CITIES: DemoCity[] = [
  { code: "330100", name: "杭州市", nameEn: "Hangzhou", province: "浙江省", region: "华东", tier: "新一线", population: 12_520_000 },
  { code: "640100", name: "银川市", nameEn: "Yinchuan", province: "宁夏回族自治区", region: "西北", tier: "三线", population: 2_880_000 },
  { code: "370800", name: "济宁市", nameEn: "Jining", province: "山东省", region: "华东", tier: "三线", population: 8_300_000 },
  { code: "520100", name: "贵阳市", nameEn: "Guiyang", province: "贵州省", region: "西南", tier: "二线", population: 6_220_000 },
  { code: "500112", name: "重庆两江新区", nameEn: "Chongqing Liangjiang New Area", province: "重庆市", region: "西南", tier: "新一线", population: 3_000_000, note: "A national new area without a GB/T 2260 code of its own; 500112 (渝北区), where it is administered, stands in." },
  { code: "500118", name: "重庆市永川区", nameEn: "Yongchuan, Chongqing", province: "重庆市", region: "西南", tier: "四线", population: 1_150_000 },
  { code: "110105", name: "北京市朝阳区", nameEn: "Chaoyang, Beijing", province: "北京市", region: "华北", tier: "一线", population: 3_450_000 },
  { code: "330483", name: "嘉兴乌镇（桐乡市）", nameEn: "Wuzhen, Jiaxing (Tongxiang)", province: "浙江省", region: "华东", tier: "县级市", population: 1_030_000 },
  { code: "420100", name: "武汉市", nameEn: "Wuhan", province: "湖北省", region: "华中", tier: "新一线", population: 13_740_000 },
  { code: "430100", name: "长沙市", nameEn: "Changsha", province: "湖南省", region: "华中", tier: "新一线", population: 10_420_000 },
  { code: "360100", name: "南昌市", nameEn: "Nanchang", province: "江西省", region: "华东", tier: "二线", population: 6_560_000 },
  { code: "340100", name: "合肥市", nameEn: "Hefei", province: "安徽省", region: "华东", tier: "新一线", population: 9_630_000 },
];

/** The demo ministry's own framework: a draft copy of the shared pilot framework, for the library's editor. */
export const DEMO_OWN_FRAMEWORK = {
  id: "demo-ministry-pilot",
  version: "1.0.0",
  basedOn: "zhiping-pilot@1.0.0",
  name: { zh: "示范部智慧城市试点评估指标体系（草稿）", en: "Demo ministry's smart-city pilot framework (draft)" },
  /** What the ministry adds to its copy: cross-checks between indicators that the shared framework lacks. */
  rules: [
    {
      id: "exempt-vs-connected",
      expression: "DS1.3 <= DS1.1 + 20",
      severity: "warning" as const,
      message: {
        zh: "免于重复提交材料的事项占比比接入共享平台的部门占比高出20个百分点以上，请核实统计口径",
        en: "Items exempt from resubmission exceed the share of departments on the sharing platform by more than 20 points: check the definitions",
      },
    },
    {
      id: "in-use-vs-on-time",
      expression: "OP1.1 >= OP1.3 - 50",
      severity: "warning" as const,
      message: {
        zh: "验收一年后仍在使用的系统占比远低于项目按期上线率，请说明原因",
        en: "Far fewer systems are still in use a year after acceptance than went live on time: please explain",
      },
    },
  ],
};

export const DEMO_CAMPAIGN = {
  slug: "pilot-2026",
  nameZh: "2026年度智慧城市试点第三方评估",
  nameEn: "2026 third-party evaluation of smart-city pilots",
  year: 2026,
  frameworkRef: "zhiping-pilot@1.2.0",
  method: { normalise: { method: "minmax", range: [0, 100] }, aggregate: "arithmetic", dataThreshold: 0.5 } satisfies MethodOptions,
};

/** Last year's round, closed and published: the history the 2026 checks and year-over-year views compare with. */
export const DEMO_PREVIOUS_CAMPAIGN = {
  ...DEMO_CAMPAIGN,
  slug: "pilot-2025",
  nameZh: "2025年度智慧城市试点第三方评估",
  nameEn: "2025 third-party evaluation of smart-city pilots",
  year: 2025,
  frameworkRef: "zhiping-pilot@1.0.0",
  submissionDeadline: new Date("2025-10-31T15:59:59Z"),
  reviewDeadline: new Date("2025-12-31T15:59:59Z"),
};

/**
 * What the 2026 plausibility checks find on first start, planted among otherwise plausible values:
 * a figure ten times its cohort (a unit slip), a cross-check between indicators broken, one city's
 * evidence file attached by another, and a value copied from last year on an indicator that moves.
 */
export const DEMO_QUALITY_CASES = {
  outlier: { city: "420100", code: "DS2.2", value: 2400 },
  ruleWarning: { city: "430100", values: { "DS1.1": 35, "DS1.3": 78 } as Record<string, number> },
  sharedFile: { owner: "330100", copiedBy: "420100", code: "OP1.1" },
  copiedFromLastYear: { city: "360100", code: "CE2.1" },
};

/** The 2026 citizen survey's demo cases: the city still answering (its public link is printed at start), one below its minimum sample, one hit by a scripted burst. */
export const DEMO_SURVEY = { open: "340100", belowMinimum: "500118", burst: "420100" };

const DAY = 86_400_000;

/**
 * The demo's deadlines: the real ones of the 2026 round while they are ahead, otherwise a window
 * from the day of seeding, so that a demo started later still lets cities submit.
 */
export function demoDeadlines(now: Date) {
  const submission = new Date("2026-12-31T15:59:59Z");
  const review = new Date("2027-02-28T15:59:59Z");
  return now.getTime() + 14 * DAY < submission.getTime()
    ? { submissionDeadline: submission, reviewDeadline: review }
    : { submissionDeadline: new Date(now.getTime() + 30 * DAY), reviewDeadline: new Date(now.getTime() + 90 * DAY) };
}
