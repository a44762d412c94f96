/**
 * Seeds the demo into DATA_DIR as `npm start` does before it serves: the e2e global setup runs this
 * beside the build, so that neither waits for the other.
 */
import { getDatabase } from "../../app/platform/db.server";
import { seedDemoIfEmpty } from "../../db/seed/index";

const database = await getDatabase();
if (await seedDemoIfEmpty(database.db)) await database.analyze();
await database.close();
