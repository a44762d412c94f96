import { eq } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/tenants";
import { campaign, orgProfile } from "../../db/schema";
import { seedDemoActivity } from "../../db/seed/activity";
import { cityReportData } from "../../app/features/reports/index.server";
import { buildCityReport } from "../../reports/index";
import type { CityReportData } from "../../reports/types";

/** The demo's Hangzhou report data, from a throwaway seeded database. */
async function demoReportData(): Promise<CityReportData> {
  const database = await openDatabase({ url: "memory://" });
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    await seedDemoActivity(database.db);
    const [c] = await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"));
    const [city] = await database.db.select().from(orgProfile).where(eq(orgProfile.divisionCode, "330100"));
    return await cityReportData(database.db, c!.id, city!.organizationId, "zh");
  } finally {
    await database.close();
  }
}

/** A report made longer (every indicator six times, with distinct codes) to reach about 12 pages. */
function longer(data: CityReportData): CityReportData {
  return {
    ...data,
    indicators: [1, 2, 3, 4, 5, 6].flatMap((copy) => data.indicators.map((i) => ({ ...i, code: `${i.code}.${copy}` }))),
    findings: [1, 2, 3, 4, 5, 6].flatMap(() => data.findings),
  };
}

/** A different city of a 300-city campaign: other name, code and scores, same structure. */
function cityVariant(data: CityReportData, k: number): CityReportData {
  const shift = (v: number | null) => (v === null ? null : Math.max(0, Math.min(100, v - (k % 37))));
  return {
    ...data,
    city: { ...data.city, name: { zh: `示例市${k}`, en: `Sample City ${k}` }, code: String(100000 + k) },
    overall: { ...data.overall, score: shift(data.overall.score), rank: (k % 300) + 1, of: 300 },
    indicators: data.indicators.map((i) => ({ ...i, score: shift(i.score) })),
    verification: { ...data.verification, reportId: `ZP-${100000 + k}-${"0".repeat(12)}` },
  };
}

async function timeAsync(fn: () => Promise<unknown>, runs: number) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { medianMs: round(times[runs >> 1]!), p95Ms: round(times[Math.floor(runs * 0.95)]!), minMs: round(times[0]!), runs };
}

export async function reportsBench() {
  const data = await demoReportData();
  const long = longer(data);
  const { pages, pdf } = await buildCityReport(long);
  const demo = await buildCityReport(data);
  const results: Record<string, unknown>[] = [
    { name: `city report, ${pages} pages (demo data, indicators ×6), warm`, targetMs: 400, pages, bytes: pdf.length, ...(await timeAsync(() => buildCityReport(long), 15)) },
    { name: `city report, ${demo.pages} pages (demo data), warm`, targetMs: 400, pages: demo.pages, bytes: demo.pdf.length, ...(await timeAsync(() => buildCityReport(data), 15)) },
  ];
  const started = performance.now();
  let largest = 0;
  for (let k = 0; k < 300; k++) largest = Math.max(largest, (await buildCityReport(cityVariant(data, k))).pdf.length);
  const batchMs = Math.round(performance.now() - started);
  results.push({ name: "300-city campaign batch (PDF building, sequential)", targetMs: 60_000, medianMs: batchMs, runs: 1, largestBytes: largest });
  results.push({ name: "report size (12-page report)", targetBytes: 1_000_000, bytes: pdf.length, pass: pdf.length < 1_000_000 });
  return results;
}
