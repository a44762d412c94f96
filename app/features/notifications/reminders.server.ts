import { defineJob } from "../../platform/jobs/job";
import { getDb } from "../../platform/db.server";
import { getLogger } from "../../platform/observability/logger.server";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, outbox, submission, type SubmissionStatus } from "../../../db/schema";
import { publicUrl } from "../../platform/env.server";
import { withProgress } from "../submissions/index.server";
import { sendEmail } from "./email.server";
import { formatDate, translate, localName } from "../i18n/index.server";
import { membersToTell } from "../accounts/index.server";
import { cityDue } from "../submissions/index.server";

const DAY = 86_400_000;

/** The outbox kind of one deadline's reminder: what makes a second run send nothing new. */
const reminderKind = (slug: string, code: string, dueAt: string) => `reminder:${slug}:${code}:${dueAt}`;

/**
 * Reminds the editors and approvers of every city whose submission is still with them (a draft, or
 * returned for correction) and falls due within `days`, with its progress and a link. Meant to run
 * from a scheduler (`npm run remind`, say daily): each person is reminded once per deadline, so
 * running it again sends nothing new, and an extended deadline earns a new reminder.
 */
export async function sendDeadlineReminders(db: Db, now = new Date(), days = 7): Promise<{ reminded: number; cities: string[] }> {
  const rows = await db
    .select({ campaign, cityOrgId: campaignCity.cityOrgId, cityName: organization.name, cityNameEn: orgProfile.nameEn, code: orgProfile.divisionCode, submissionId: submission.id, status: submission.status })
    .from(campaignCity)
    .innerJoin(campaign, eq(campaign.id, campaignCity.campaignId))
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .leftJoin(submission, and(eq(submission.campaignId, campaignCity.campaignId), eq(submission.cityOrgId, campaignCity.cityOrgId)))
    .where(eq(campaign.status, "open"));
  const due = rows.flatMap((r) => {
    const status: SubmissionStatus = r.status ?? "draft";
    const window = cityDue(status, r.campaign, now);
    return window && !window.passed && new Date(window.at).getTime() - now.getTime() <= days * DAY ? [{ ...r, status, dueAt: window.at }] : [];
  });
  const kinds = due.map((r) => reminderKind(r.campaign.slug, r.code!, r.dueAt));
  const already = new Set(kinds.length ? (await db.select({ kind: outbox.kind, to: outbox.to }).from(outbox).where(inArray(outbox.kind, kinds))).map((o) => `${o.kind} ${o.to}`) : []);
  const people = await membersToTell(db, [...new Set(due.map((r) => r.cityOrgId))], ["city_editor", "city_approver"]);
  let reminded = 0;
  for (const r of await withProgress(db, due, (d) => d.campaign.frameworkRef)) {
    const kind = reminderKind(r.campaign.slug, r.code!, r.dueAt);
    for (const p of people.filter((p) => p.orgId === r.cityOrgId && !already.has(`${kind} ${p.email}`))) {
      const vars = {
        city: localName(p.locale, r.cityName, r.cityNameEn),
        campaign: localName(p.locale, r.campaign.nameZh, r.campaign.nameEn),
        deadline: formatDate(p.locale, r.dueAt),
        status: translate(p.locale, `subStatus_${r.status}`),
        url: `${publicUrl()}/campaigns/${r.campaign.slug}/cities/${r.code}`,
        ...r.progress,
      };
      await sendEmail(db, { to: p.email, kind, subject: translate(p.locale, "n_reminderSubject", vars), text: translate(p.locale, "n_reminderText", vars) });
      reminded++;
    }
  }
  return { reminded, cities: due.map((r) => `${r.campaign.slug}/${r.code}`) };
}

/**
 * The daily reminder run as a queued job: the queue's cron starts it once across every process
 * (REMINDER_CRON), and a second run the same day sends nothing new (see reminderKind).
 */
export const deadlineReminderJob = defineJob<{ days: number }>({
  name: "notify.deadline-reminders",
  retryLimit: 3,
  retryDelaySeconds: 60,
  attemptTimeoutSeconds: 600,
  async run({ days }) {
    const { reminded, cities } = await sendDeadlineReminders(await getDb(), new Date(), days);
    getLogger().info({ reminded, cities: cities.length, days }, "deadline reminders sent");
  },
});
