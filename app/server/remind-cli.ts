/**
 * npm run remind [-- --days N] — e-mails the cities whose submission falls due within N days
 * (default 7) and is still with them. Run it daily from a scheduler; a person is reminded once per
 * deadline however often it runs.
 */
import { sendDeadlineReminders } from "../features/notifications/index.server";
import { getDatabase } from "../platform/db.server";

const at = process.argv.indexOf("--days");
const days = at === -1 ? 7 : Number(process.argv[at + 1]);
if (!Number.isInteger(days) || days < 0 || days > 366) {
  console.error(`--days must be a whole number of days from 0 to 366 (got "${process.argv[at + 1] ?? ""}")`);
  process.exit(2);
}
const database = await getDatabase();
try {
  const { reminded, cities } = await sendDeadlineReminders(database.db, new Date(), days);
  console.log(`${cities.length} submission(s) due within ${days} day(s); ${reminded} reminder(s) sent${cities.length ? `: ${cities.join(", ")}` : ""}`);
} finally {
  await database.close();
}
