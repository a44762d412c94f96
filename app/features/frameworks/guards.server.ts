import type { Db } from "../../../db/client";
import { getDb } from "../../platform/db.server";
import { requirePermission, requireUser, withTenantScope, type Action } from "../access/index.server";
import { problem, refusal } from "../i18n/index.server";
import { findVersion } from "./library.server";

/**
 * The guard of every route on one framework version: a signed-in user, the version as this
 * user's tenant scope shows it (404 when it does not, so another tenant's frameworks are not even
 * confirmed to exist), and `decide` on the action (403).
 */
export async function requireFrameworkVersion(request: Request, ref: string, action: Action) {
  const user = await requireUser(request);
  const db = await getDb();
  const scoped = <T>(work: (db: Db) => Promise<T>) => withTenantScope(user.actor, work, db);
  const version = await scoped((tx) => findVersion(tx, ref));
  if (!version) throw refusal(user.locale, 404, problem("frameworkVersionUnknown", { ref }));
  requirePermission(user, action, version.resource);
  return { user, version, scoped };
}

/** `id@version` from a route's params. */
export const refOf = (params: { id?: string; version?: string }) => `${params.id ?? ""}@${params.version ?? ""}`;
