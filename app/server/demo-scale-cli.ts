/**
 * npm run demo:scale -- --towns 20401 | --cities 700 [--slug SLUG]
 * Seeds a campaign at that scale into the configured database (the demo's tenants first when it is
 * empty): GB/T 2260-shaped codes, 31 provinces, a signed-off majority already scored. Exit 2 with a
 * message on bad arguments or an existing slug; nothing is left half-written but whole chunks.
 */
import { parseArgs } from "node:util";
import { seedDemoIfEmpty } from "../../db/seed/index";
import { seedScaleCampaign } from "../../db/seed/scale";
import { getDatabase } from "../platform/db.server";

const USAGE = "usage: npm run demo:scale -- (--towns N | --cities N) [--slug SLUG]";

/** A progress bar on a terminal; a line every tenth elsewhere (CI logs). */
function progressBar(unit: string) {
  const started = performance.now();
  let lastTenth = -1;
  return (done: number, total: number) => {
    const share = done / total;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (process.stderr.isTTY) {
      const filled = Math.round(share * 30);
      process.stderr.write(`\r  [${"█".repeat(filled)}${"░".repeat(30 - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${done}/${total} ${unit}  ${seconds} s${done === total ? "\n" : ""}`);
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`  ${Math.round(share * 100)}%  ${done}/${total} ${unit}  ${seconds} s\n`);
    }
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { towns: { type: "string" }, cities: { type: "string" }, slug: { type: "string" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!!args.towns === !!args.cities) {
    console.error(`give exactly one of --towns N or --cities N\n${USAGE}`);
    return 2;
  }
  const unit = args.towns ? "town" : "city";
  const count = Number(args.towns ?? args.cities);
  if (!Number.isInteger(count) || count < 1 || count > 31 * 9999) {
    console.error(`--${unit === "town" ? "towns" : "cities"} must be a whole number from 1 to ${31 * 9999} (got "${args.towns ?? args.cities}")\n${USAGE}`);
    return 2;
  }
  const slug = args.slug ?? `scale-${unit}s-${count}`;
  const database = await getDatabase();
  try {
    if (await seedDemoIfEmpty(database.db)) console.error("  empty database: demo tenants seeded first");
    const started = performance.now();
    const { signedOff } = await seedScaleCampaign(database.db, { slug, count, unit, onProgress: progressBar(unit === "town" ? "towns" : "cities") });
    await database.analyze();
    console.log(`  campaign "${slug}": ${count} ${unit === "town" ? "towns" : "cities"}, ${signedOff} signed off, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  ranking: /campaigns/${slug}/ranking (sign in as ministry.admin@zhiping.demo)`);
    return 0;
  } catch (error) {
    // A failed insert's own message names the statement's thousands of parameters: say the database's reason.
    const reason = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    console.error(`refused: ${reason.slice(0, 500)}`);
    return 2;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
