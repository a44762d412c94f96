import { deadlineReminderJob, deliverEmailJob } from "../features/notifications/index.server";
import { onboardingJob } from "../features/accounts/index.server";
import { REPORT_JOBS } from "../features/reports/index.server";
import { methodologyAuditJob } from "../features/results/index.server";
import { closeDueSurveysJob } from "../features/survey/index.server";
import type { JobDefinition } from "../platform/jobs/job";
import { getEnv } from "../platform/env.server";

/** Every kind of background work, with the schedules the environment sets: what the server and `npm run worker` work on. */
export function backgroundJobs(env = getEnv()): JobDefinition<never>[] {
  const reminders = { ...deadlineReminderJob, schedule: { cron: env.REMINDER_CRON, payload: { days: env.REMINDER_DAYS } } };
  // Every quarter of an hour: a survey whose end date has passed enters its estimates soon after.
  const surveys = { ...closeDueSurveysJob, schedule: { cron: "*/15 * * * *", payload: {} } };
  return [...REPORT_JOBS, reminders, surveys, deliverEmailJob, onboardingJob, methodologyAuditJob] as JobDefinition<never>[];
}
