import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaign, campaignCity, member, organization, orgProfile, outbox, submission, user, userSettings, type SubmissionStatus } from "../../db/schema";
import { getFramework } from "../../indicators/frameworks/index";
import { baseUrlFromEnv } from "./auth.server";
import { progressBySubmission, submissionProgress } from "./city-progress.server";
import { cityDue } from "./workflow";
import { sendEmail } from "./email.server";
import { formatDate, translate, type Locale } from "./i18n";

const DAY = 86_400_000;

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
    const window = cityDue(status, { submissionDeadline: r.campaign.submissionDeadline, reviewDeadline: r.campaign.reviewDeadline }, now);
    return window && !window.passed && new Date(window.at).getTime() - now.getTime() <= days * DAY ? [{ ...r, status, dueAt: window.at }] : [];
  });
  let reminded = 0;
  for (const r of due) {
    const framework = getFramework(r.campaign.frameworkRef);
    const progress = (r.submissionId && (await progressBySubmission(db, framework, [r.submissionId])).get(r.submissionId)) || submissionProgress(framework, [], []);
    const kind = `reminder:${r.campaign.slug}:${r.code}:${r.dueAt}`;
    const already = new Set((await db.select({ to: outbox.to }).from(outbox).where(eq(outbox.kind, kind))).map((o) => o.to));
    const people = await db
      .selectDistinct({ email: user.email, locale: userSettings.locale })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .leftJoin(userSettings, eq(userSettings.userId, member.userId))
      .where(and(eq(member.organizationId, r.cityOrgId), inArray(member.role, ["city_editor", "city_approver"])));
    for (const p of people.filter((p) => !already.has(p.email))) {
      const locale: Locale = p.locale === "en" ? "en" : "zh-CN";
      const vars = {
        city: locale === "en" && r.cityNameEn ? r.cityNameEn : r.cityName,
        campaign: locale === "en" ? r.campaign.nameEn : r.campaign.nameZh,
        deadline: formatDate(locale, r.dueAt),
        status: translate(locale, `subStatus_${r.status}`),
        url: `${baseUrlFromEnv()}/campaigns/${r.campaign.slug}/cities/${r.code}`,
        ...progress,
      };
      await sendEmail(db, { to: p.email, kind, subject: translate(locale, "n_reminderSubject", vars), text: translate(locale, "n_reminderText", vars) });
      reminded++;
    }
  }
  return { reminded, cities: due.map((r) => `${r.campaign.slug}/${r.code}`) };
}
