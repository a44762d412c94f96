import type { Db } from "../../../db/client";
import { userSettings } from "../../../db/schema";
import type { Locale } from "../i18n/index.server";

export async function setUserLocale(db: Db, userId: string, locale: Locale) {
  await db.insert(userSettings).values({ userId, locale }).onConflictDoUpdate({ target: userSettings.userId, set: { locale } });
}
