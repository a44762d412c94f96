import type { Db } from "../client";
import { isEmpty, seedDemo, type DemoLogin } from "./tenants";
import { seedDemoActivity } from "./activity";

/** Seeds the demo (tenants and workflow activity) into an empty database; a database in use is left alone. */
export async function seedDemoIfEmpty(db: Db): Promise<DemoLogin[] | null> {
  if (!(await isEmpty(db))) return null;
  const logins = await seedDemo(db);
  await seedDemoActivity(db);
  return logins;
}
