import type { Locale } from "./i18n";

/**
 * English names of what organisations record in Chinese about a city: its provincial-level
 * division, its region and its city tier. A value not listed (typed by an admin) is shown as typed.
 */
const PLACES: Record<string, string> = {
  北京市: "Beijing", 天津市: "Tianjin", 上海市: "Shanghai", 重庆市: "Chongqing",
  河北省: "Hebei", 山西省: "Shanxi", 辽宁省: "Liaoning", 吉林省: "Jilin", 黑龙江省: "Heilongjiang",
  江苏省: "Jiangsu", 浙江省: "Zhejiang", 安徽省: "Anhui", 福建省: "Fujian", 江西省: "Jiangxi", 山东省: "Shandong",
  河南省: "Henan", 湖北省: "Hubei", 湖南省: "Hunan", 广东省: "Guangdong", 海南省: "Hainan",
  四川省: "Sichuan", 贵州省: "Guizhou", 云南省: "Yunnan", 陕西省: "Shaanxi", 甘肃省: "Gansu", 青海省: "Qinghai",
  台湾省: "Taiwan", 内蒙古自治区: "Inner Mongolia", 广西壮族自治区: "Guangxi", 西藏自治区: "Tibet",
  宁夏回族自治区: "Ningxia", 新疆维吾尔自治区: "Xinjiang", 香港特别行政区: "Hong Kong", 澳门特别行政区: "Macao",
  华北: "North China", 东北: "Northeast China", 华东: "East China", 华中: "Central China", 华南: "South China", 西南: "Southwest China", 西北: "Northwest China",
  一线: "Tier 1", 新一线: "New tier 1", 二线: "Tier 2", 三线: "Tier 3", 四线: "Tier 4", 五线: "Tier 5", 县级市: "County-level city",
};

export const placeName = (locale: Locale, zh: string | null | undefined): string => (zh ? (locale === "en" ? (PLACES[zh] ?? zh) : zh) : "—");

/** The Chinese names that have an English one (an English page must not show these untranslated). */
export const TRANSLATED_PLACES: readonly string[] = Object.keys(PLACES);

const FROM_ENGLISH = new Map(Object.entries(PLACES).map(([zh, en]) => [en.toLowerCase(), zh]));

/** What an English reader typed (a province, region or tier) under the Chinese name it is recorded by; other text as it is. */
export const recordedPlace = (typed: string): string => FROM_ENGLISH.get(typed.trim().toLowerCase()) ?? typed;
