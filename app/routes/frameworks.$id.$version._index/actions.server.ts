import { z } from "zod";
import type { Db } from "../../../db/client";
import { deleteDraft, newVersionFrom, publishVersion, requireFrameworkVersion, versionSchema } from "~/features/frameworks/index.server";
import { problemText, ProblemError, translate } from "~/features/i18n";
import { parseForm } from "~/platform/forms";
import { pageForm } from "~/platform/request-body.server";

/** The version page's intents: publish, delete the draft, start a new version. Each names its outcome for the page. */
export async function runVersionIntent(request: Request, ref: string): Promise<{ redirect: string } | { error: string; values?: Record<string, string>; status: number }> {
  // Every intent here changes the framework: refused before the body is read.
  const { user, version, scoped } = await requireFrameworkVersion(request, ref, "manage:framework");
  const form = await pageForm(request, user.locale);
  const intent = String(form.get("intent") ?? "");
  const revision = String(form.get("revision") ?? "") || null;
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
  const base = `/frameworks/${version.row.frameworkId}`;
  const run = async (work: (db: Db) => Promise<{ redirect: string }>) => {
    try {
      return await scoped(work);
    } catch (e) {
      if (e instanceof ProblemError) return { error: problemText(user.locale, e.problem), values, status: e.status };
      throw e;
    }
  };
  switch (intent) {
    case "publish":
      return run(async (db) => {
        await publishVersion(db, { userId: user.id, ref, revision });
        return { redirect: `${base}/${version.row.version}?done=published` };
      });
    case "deleteDraft":
      return run(async (db) => {
        await deleteDraft(db, { userId: user.id, ref, revision });
        return { redirect: "/frameworks?done=deleted" };
      });
    case "newVersion": {
      const parsed = parseForm(z.object({ version: versionSchema }), form);
      if (parsed.errors) return { error: translate(user.locale, parsed.errors.version ?? "invalidField"), values, status: 400 };
      return run(async (db) => {
        const created = await newVersionFrom(db, user.actor, { frameworkId: version.row.frameworkId, fromRef: ref, version: parsed.data.version });
        return { redirect: `${base}/${created.split("@")[1]}/edit` };
      });
    }
    default:
      return { error: translate(user.locale, "invalidField"), status: 400 };
  }
}
