/**
 * npm run report — PDF reports from the configured database (DATA_DIR or DATABASE_URL):
 *   npm run report -- --campaign <slug> --city <division code> --out <file.pdf> [--lang zh|en]
 *   npm run report -- --campaign <slug> --all --out <dir> [--lang zh|en]
 * --all writes <division code>.pdf for every signed-off city and cohort.pdf. An empty database is
 * seeded with the demo first, as npm start does. Exit 2 with a message
 * when the campaign or city does not exist or is not signed off, or the arguments are wrong.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";

class UsageError extends Error {}

const USAGE = "usage: npm run report -- --campaign <slug> (--city <division code> --out <file.pdf> | --all --out <dir>) [--lang zh|en]";

function parse() {
  try {
    const { values } = parseArgs({
      options: { campaign: { type: "string" }, city: { type: "string" }, all: { type: "boolean" }, out: { type: "string" }, lang: { type: "string" } },
    });
    if (!values.campaign) throw new UsageError("--campaign is required");
    if (!values.out) throw new UsageError("--out is required");
    if (!!values.city === !!values.all) throw new UsageError("give exactly one of --city <division code> or --all");
    if (values.lang && values.lang !== "zh" && values.lang !== "en") throw new UsageError(`--lang must be zh or en, got "${values.lang}"`);
    return { slug: values.campaign, city: values.city, out: values.out, locale: (values.lang ?? "zh") as "zh" | "en" };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

async function main(args: ReturnType<typeof parse>) {
  // The app (database, PDF fonts) is loaded only once the arguments hold: a mistyped command answers at once.
  const { eq } = await import("drizzle-orm");
  const { campaign, orgProfile } = await import("../../db/schema");
  const { getDatabase } = await import("../platform/db.server");
  const { seedDemoIfEmpty } = await import("../../db/seed/index");
  const { campaignReportFiles, cityReportPdf, ReportUnavailableError } = await import("../features/reports/index.server");
  const { problem } = await import("../features/i18n/index.server");
  const database = await getDatabase();
  try {
    const db = database.db;
    // Like npm start: a brand-new embedded database gets the demo, so the CLI works on a fresh checkout.
    if (await seedDemoIfEmpty(db)) console.error("empty database: demo seeded");
    const [row] = await db.select().from(campaign).where(eq(campaign.slug, args.slug));
    if (!row) throw new ReportUnavailableError(problem("p_reportNoCampaign", { slug: args.slug }));
    if (args.city) {
      const [city] = await db.select().from(orgProfile).where(eq(orgProfile.divisionCode, args.city));
      if (!city) throw new ReportUnavailableError(problem("p_reportNoCityCode", { code: args.city }));
      const { pdf, pages } = await cityReportPdf(db, row.id, city.organizationId, args.locale);
      await writeFile(args.out, pdf);
      console.log(`${args.out}: ${pages} pages, ${pdf.length} bytes`);
      return;
    }
    await mkdir(args.out, { recursive: true });
    const started = performance.now();
    const files = await campaignReportFiles(db, row.id, args.locale, (done, total) => {
      process.stderr.write(`\r${done}/${total}`);
    });
    process.stderr.write("\n");
    for (const [name, pdf] of Object.entries(files)) await writeFile(join(args.out, name), pdf);
    console.log(`${args.out}: ${Object.keys(files).length} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

let args: ReturnType<typeof parse> | null = null;
try {
  args = parse();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  console.error(USAGE);
  process.exitCode = 2;
}
if (args) {
  try {
    await main(args);
  } catch (error) {
    const { ReportUnavailableError } = await import("../features/reports/index.server");
    if (!(error instanceof ReportUnavailableError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  }
}
