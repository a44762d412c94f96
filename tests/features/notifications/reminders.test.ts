import { spawnSync } from "node:child_process";
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { campaign, campaignCity, member, organization, outbox, user, userSettings } from "../../../db/schema";
import { sendDeadlineReminders } from "../../../app/features/notifications/index.server";
import { formatDate } from "../../../app/features/i18n";
import { getOrCreateSubmission, transition } from "../../../app/features/submissions/index.server";
import { startApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";
import { completeSubmission } from "../../helpers/submissions";

const DAY = 86_400_000;

describe.each(DRIVERS)("deadline reminders on %s", (driver) => {
  let database: Database;
  let pilot: typeof campaign.$inferSelect;
  beforeAll(async () => {
    database = await startApp(driver);
    [pilot] = (await database.db.select().from(campaign).where(eq(campaign.slug, "pilot-2026"))) as [typeof campaign.$inferSelect];
  });
  afterAll(() => database.close());

  const reminders = () => database.db.select().from(outbox).where(like(outbox.kind, "reminder:%"));
  const cityPeople = async (orgIds: string[]) =>
    (await database.db.select({ email: user.email }).from(member).innerJoin(user, eq(user.id, member.userId)).where(and(inArray(member.organizationId, orgIds), inArray(member.role, ["city_editor", "city_approver"])))).map((r) => r.email).sort();
  const orgOf = async (slug: string) => (await database.db.select().from(organization).where(eq(organization.slug, slug)))[0]!.id;

  it("reminds each city still drafting once per deadline, only inside the window, in each reader's language", async () => {
    const deadline = pilot.submissionDeadline;
    expect(await sendDeadlineReminders(database.db, new Date(deadline.getTime() - 10 * DAY), 7)).toEqual({ reminded: 0, cities: [] });

    // Hefei has already submitted: nothing to remind it of.
    const hefei = await orgOf("city-340100");
    const [approver] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "approver.340100@zhiping.demo"));
    await completeSubmission(database.db, "pilot-2026", "340100");
    await transition(database.db, await getOrCreateSubmission(database.db, pilot.id, hefei), "submit", approver!.id);
    const [english] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, "editor.640100@zhiping.demo"));
    await database.db.update(userSettings).set({ locale: "en" }).where(eq(userSettings.userId, english!.id));

    const now = new Date(deadline.getTime() - 3 * DAY);
    const first = await sendDeadlineReminders(database.db, now, 7);
    const cohort = (await database.db.select().from(campaignCity).where(eq(campaignCity.campaignId, pilot.id))).map((c) => c.cityOrgId).filter((id) => id !== hefei);
    expect(first.cities).toHaveLength(cohort.length);
    expect(first.cities).not.toContain("pilot-2026/340100");
    const sent = await reminders();
    expect(sent.map((m) => m.to).sort()).toEqual(await cityPeople(cohort));
    expect(first.reminded).toBe(sent.length);

    const chinese = sent.find((m) => m.to === "editor.330100@zhiping.demo")!;
    expect(chinese.subject).toBe(`【智评】《${pilot.nameZh}》杭州市的填报将于 ${formatDate("zh-CN", deadline)} 截止`);
    expect(chinese.text).toContain("尚未提交（草稿）：已填 0 / 34 项指标");
    expect(chinese.text).toContain("/campaigns/pilot-2026/cities/330100");
    expect(sent.find((m) => m.to === "editor.640100@zhiping.demo")!.subject).toBe(`[Zhiping] Yinchuan's submission for ${pilot.nameEn} is due ${formatDate("en", deadline)}`);

    // Running again the next day sends nothing new; past the deadline nothing at all.
    expect(await sendDeadlineReminders(database.db, new Date(now.getTime() + DAY), 7)).toMatchObject({ reminded: 0 });
    expect(await sendDeadlineReminders(database.db, new Date(deadline.getTime() + 1000), 7)).toEqual({ reminded: 0, cities: [] });
    expect(await reminders()).toHaveLength(sent.length);

    // An extended deadline is a new deadline: reminded again when it comes near.
    const extended = new Date(deadline.getTime() + 20 * DAY);
    await database.db.update(campaign).set({ submissionDeadline: extended }).where(eq(campaign.id, pilot.id));
    const again = await sendDeadlineReminders(database.db, new Date(extended.getTime() - 2 * DAY), 7);
    expect(again.reminded).toBe(sent.length);
  });
});

describe("npm run remind", () => {
  it("runs against the configured database and refuses a bad --days", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "app/server/remind-cli.ts", ...args], { cwd: new URL("../../..", import.meta.url).pathname, env: { ...process.env, DATABASE_URL: "memory://" }, encoding: "utf8" });
    const bad = run(["--days", "soon"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--days must be a whole number of days from 0 to 366 (got "soon")');
    const ok = run(["--days", "0"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^0 submission\(s\) due within 0 day\(s\); 0 reminder\(s\) sent\n$/);
  });
});
