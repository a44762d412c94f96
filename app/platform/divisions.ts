/** China's 31 provincial-level divisions: their GB/T 2260 two-digit prefixes, names and regions. */
export const PROVINCES: readonly [prefix: string, name: string, region: string][] = [
  ["11", "北京市", "华北"], ["12", "天津市", "华北"], ["13", "河北省", "华北"], ["14", "山西省", "华北"], ["15", "内蒙古自治区", "华北"],
  ["21", "辽宁省", "东北"], ["22", "吉林省", "东北"], ["23", "黑龙江省", "东北"],
  ["31", "上海市", "华东"], ["32", "江苏省", "华东"], ["33", "浙江省", "华东"], ["34", "安徽省", "华东"], ["35", "福建省", "华东"], ["36", "江西省", "华东"], ["37", "山东省", "华东"],
  ["41", "河南省", "华中"], ["42", "湖北省", "华中"], ["43", "湖南省", "华中"],
  ["44", "广东省", "华南"], ["45", "广西壮族自治区", "华南"], ["46", "海南省", "华南"],
  ["50", "重庆市", "西南"], ["51", "四川省", "西南"], ["52", "贵州省", "西南"], ["53", "云南省", "西南"], ["54", "西藏自治区", "西南"],
  ["61", "陕西省", "西北"], ["62", "甘肃省", "西北"], ["63", "青海省", "西北"], ["64", "宁夏回族自治区", "西北"], ["65", "新疆维吾尔自治区", "西北"],
];

const BY_PREFIX = new Map(PROVINCES.map(([prefix, name, region]) => [prefix, { prefix, name, region }]));

/** The province a six-digit division code belongs to, by its first two digits; undefined for a prefix that is none. */
export const provinceOfCode = (code: string) => BY_PREFIX.get(code.slice(0, 2));

/** "安徽", "安徽省" and "广西" all name their province: the full name without its 省/市/自治区 ending. */
const shortName = (name: string) => name.replace(/(维吾尔|壮族|回族)?(自治区|省|市)$/, "");

/** The province a name given by a person denotes (full or short), or undefined. */
export const provinceNamed = (name: string) => PROVINCES.map(([prefix, full, region]) => ({ prefix, name: full, region })).find((p) => p.name === name || shortName(p.name) === name);
