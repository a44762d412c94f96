import { eq, sql } from "drizzle-orm";
import { resetEnv } from "../../../app/platform/env.server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client";
import { DEMO_PASSWORD } from "../../../db/seed/demo-data";
import { invitation, member, organization, outbox, passwordThrottle, session, user, userSettings } from "../../../db/schema";
import * as campaignRoute from "../../../app/routes/campaigns.$slug._index";
import * as dashboard from "../../../app/routes/dashboard";
import * as invitationRoute from "../../../app/routes/invitations.$id";
import * as login from "../../../app/routes/login";
import * as logout from "../../../app/routes/logout";
import * as members from "../../../app/routes/members";
import * as orgSwitch from "../../../app/routes/org.switch";
import * as adminOrgs from "../../../app/routes/admin.organizations";
import * as adminOutbox from "../../../app/routes/admin.outbox";
import * as settings from "../../../app/routes/settings";
import { BASE, startApp, Client } from "../../helpers/app";
import * as authApi from "../../../app/routes/api.auth.$";
import { DRIVERS } from "../../helpers/database";
import { counted } from "../../helpers/metrics";
import { EMAIL_API_URL, emailApi } from "../../mocks/email-api";

const count = async (db: Database["db"], table: typeof user | typeof session | typeof organization | typeof member) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

async function signedIn(email: string, password = DEMO_PASSWORD) {
  const client = new Client();
  const result = await client.act(login, "/login", { email, password, redirectTo: "/dashboard" });
  expect(result.status, `sign-in of ${email}`).toBe(302);
  return client;
}

// A low per-address limit: each refused attempt below it costs a password hash, and the rule is the same at 30.
const SIGN_IN_LIMIT = 5;

describe.each(DRIVERS)("accounts, organizations and access on %s", (driver) => {
  let database: Database;
  const mail = emailApi();
  beforeAll(async () => {
    process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = String(SIGN_IN_LIMIT);
    resetEnv();
    database = await startApp(driver);
    mail.server.listen({ onUnhandledRequest: "bypass" });
  });
  afterEach(() => {
    delete process.env.EMAIL_API_URL;
    delete process.env.EMAIL_API_KEY;
    resetEnv();
    mail.fail(null);
  });
  afterAll(async () => {
    // Test files share worker processes: the next file's app gets the default limit again.
    delete process.env.SIGN_IN_ATTEMPTS_PER_MINUTE;
    resetEnv();
    mail.server.close();
    await database.close();
  });

  describe("sign-in and sign-out", () => {
    it("signs in, shows the role's dashboard, and signs out", async () => {
      const client = await signedIn("ministry.admin@zhiping.demo");
      expect(client.cookies.size).toBeGreaterThan(0);
      const board = await client.load(dashboard, "/dashboard");
      expect(board.body).toMatchObject({ kind: "ministry", campaigns: [{ slug: "pilot-2026", cohortSize: 12 }, { slug: "pilot-2025", cohortSize: 12, status: "closed" }] });
      const out = await client.act(logout, "/logout", {});
      expect(out).toMatchObject({ status: 302, body: "/login" });
      expect((await client.load(dashboard, "/dashboard")).body).toMatch(/^\/login/);
    });

    it("a wrong password and an unknown email get a clear message and create no session", async () => {
      const before = await count(database.db, session);
      for (const [email, password] of [
        ["lead@huaxin.demo", "not-the-password"],
        ["nobody@nowhere.demo", DEMO_PASSWORD],
      ]) {
        const result = await new Client().act(login, "/login", { email: email!, password: password! });
        expect(result).toMatchObject({ status: 401, body: { errors: { form: "invalidCredentials" } } });
      }
      const invalid = await new Client().act(login, "/login", { email: "not-an-email", password: "" });
      expect(invalid).toMatchObject({ status: 400, body: { errors: { email: "invalidEmail", password: "required" } } });
      expect(await count(database.db, session)).toBe(before);
    });

    it("rate-limits sign-in attempts from one address generously (an office shares one), whichever accounts they name", async () => {
      const client = new Client();
      const statuses = [];
      const [failures, refusals] = [await counted("zhiping_sign_in_failures_total"), await counted("zhiping_rate_limit_refusals_total", { limiter: "address" })];
      for (let i = 0; i <= SIGN_IN_LIMIT; i++) statuses.push((await client.act(login, "/login", { email: `nobody${i}@example.com`, password: "wrong-password" })).status);
      expect(statuses.slice(0, SIGN_IN_LIMIT)).toEqual(Array(SIGN_IN_LIMIT).fill(401));
      expect(statuses.at(-1)).toBe(429);
      // What an operator's dashboard shows: each wrong password once, and the refusal by the address limiter.
      expect(await counted("zhiping_sign_in_failures_total")).toBe(failures + SIGN_IN_LIMIT);
      expect(await counted("zhiping_rate_limit_refusals_total", { limiter: "address" })).toBe(refusals + 1);
      // Another address is not affected.
      expect((await new Client().act(login, "/login", { email: "lead@huaxin.demo", password: DEMO_PASSWORD })).status).toBe(302);
    });

    it("throttles guesses at one account from any number of addresses, with a growing wait; a colleague behind the same address is not locked out", async () => {
      const guesses = [];
      const accountRefusals = await counted("zhiping_rate_limit_refusals_total", { limiter: "account" });
      for (let i = 0; i < 7; i++) guesses.push(await new Client().act(login, "/login", { email: "assessor@zhongcheng.demo", password: `guess-${i}` }));
      expect(guesses.slice(0, 5).map((g) => g.status)).toEqual(Array(5).fill(401));
      expect(guesses[5]).toMatchObject({ status: 429, body: { errors: { form: "tooManyAttempts" }, retryAfter: 30 } });
      // While throttled even the right password waits: a guess cannot tell which one it was.
      const office = new Client();
      expect((await office.act(login, "/login", { email: "assessor@zhongcheng.demo", password: DEMO_PASSWORD })).status).toBe(429);
      expect((await office.act(login, "/login", { email: "lead@zhongcheng.demo", password: DEMO_PASSWORD })).status).toBe(302);
      expect(await counted("zhiping_rate_limit_refusals_total", { limiter: "account" })).toBe(accountRefusals + 3);
      // The wait doubles with each further failure once it has passed.
      await database.db.update(passwordThrottle).set({ blockedUntil: new Date(Date.now() - 1000) });
      expect((await new Client().act(login, "/login", { email: "assessor@zhongcheng.demo", password: "guess-again" }))).toMatchObject({ status: 401 });
      const [row] = await database.db.select().from(passwordThrottle).where(eq(passwordThrottle.key, "sign-in:assessor@zhongcheng.demo"));
      expect(row!.failures).toBe(6);
      expect(Math.round((row!.blockedUntil!.getTime() - Date.now()) / 1000)).toBeGreaterThan(50);
      // The right password after the wait signs in and ends the run.
      await database.db.update(passwordThrottle).set({ blockedUntil: new Date(Date.now() - 1000) });
      expect((await new Client().act(login, "/login", { email: "ASSESSOR@zhongcheng.demo", password: DEMO_PASSWORD })).status).toBe(302);
      expect(await database.db.select().from(passwordThrottle).where(eq(passwordThrottle.key, "sign-in:assessor@zhongcheng.demo"))).toEqual([]);
    });

    it("counts the address the server derived: a made-up X-Forwarded-For escapes no limit, on the login page or better-auth's own endpoint", async () => {
      const client = new Client();
      const forged = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}` });
      const viaPage: number[] = [];
      for (let i = 0; i <= SIGN_IN_LIMIT; i++) viaPage.push((await client.act({ action: (a) => login.action({ ...a, request: new Request(a.request, { headers: client.headers({ ...forged(i), "content-type": "application/x-www-form-urlencoded" }) }) }) }, "/login", { email: `forged${i}@example.com`, password: "wrong-password" })).status);
      expect(viaPage.at(-1)).toBe(429);
      const other = new Client();
      const viaApi: number[] = [];
      for (let i = 0; i <= SIGN_IN_LIMIT; i++) {
        const request = new Request(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: other.headers({ ...forged(i), "content-type": "application/json" }), body: JSON.stringify({ email: `api${i}@example.com`, password: "wrong-password" }) });
        viaApi.push(((await authApi.action({ request, params: {}, context: {} })) as Response).status);
      }
      expect(viaApi.slice(0, SIGN_IN_LIMIT).every((s) => s === 401)).toBe(true);
      expect(viaApi.at(-1)).toBe(429);
    });

    it("sends a signed-in user back only to a path of this site", () => {
      expect(login.safeRedirect("/campaigns/pilot-2026?x=1")).toBe("/campaigns/pilot-2026?x=1");
      for (const away of ["//evil.example", "/\\evil.example", "https://evil.example", "evil.example", undefined]) expect(login.safeRedirect(away), String(away)).toBe("/dashboard");
    });

    it("changes a password only with the current one, to one that is not easy to guess; wrong current passwords are throttled", async () => {
      const client = await signedIn("editor.640100@zhiping.demo");
      const strong = "lantern-orbit-cedar-2026";
      expect(await client.act(settings, "/settings", { currentPassword: "wrong-one", newPassword: strong })).toMatchObject({
        status: 400,
        body: { errors: { currentPassword: "wrongPassword" } },
      });
      expect(await client.act(settings, "/settings", { currentPassword: DEMO_PASSWORD, newPassword: "short" })).toMatchObject({ status: 400, body: { errors: { newPassword: "passwordTooShort" } } });
      for (const weak of ["password123", "qwertyuiop", "editor.640100@zhiping.demo", "zhiping2026"])
        expect(await client.act(settings, "/settings", { currentPassword: DEMO_PASSWORD, newPassword: weak }), weak).toMatchObject({ status: 400, body: { errors: { newPassword: "passwordTooWeak" } } });
      expect(await client.act(settings, "/settings", { currentPassword: DEMO_PASSWORD, newPassword: strong })).toMatchObject({ status: 200, body: { done: true } });
      await signedIn("editor.640100@zhiping.demo", strong);
      expect((await new Client().act(login, "/login", { email: "editor.640100@zhiping.demo", password: DEMO_PASSWORD })).status).toBe(401);

      // A stolen session cannot be used to guess the password behind it.
      const thief = await signedIn("editor.330100@zhiping.demo");
      for (let i = 0; i < 5; i++) expect((await thief.act(settings, "/settings", { currentPassword: `guess-${i}`, newPassword: strong })).status).toBe(400);
      expect(await thief.act(settings, "/settings", { currentPassword: DEMO_PASSWORD, newPassword: strong })).toMatchObject({ status: 429, body: { errors: { currentPassword: "passwordChecksThrottled" }, retryAfter: 30 } });
    });
  });

  describe("invitations", () => {
    const lastInvitationTo = async (email: string) =>
      (await database.db.select().from(invitation).where(eq(invitation.email, email)).orderBy(sql`${invitation.createdAt} desc`))[0]!;

    it("with no e-mail API, the invitation lands in the outbox and a new user signs up through it", async () => {
      const admin = await signedIn("ministry.admin@zhiping.demo");
      const sent = await admin.act(members, "/members", { email: "New.Analyst@Ministry.demo", role: "ministry_analyst" });
      expect(sent).toMatchObject({ status: 200, body: { sentTo: "new.analyst@ministry.demo" } });
      const inv = await lastInvitationTo("new.analyst@ministry.demo");
      const [mailRow] = await database.db.select().from(outbox).where(eq(outbox.to, "new.analyst@ministry.demo"));
      expect(mailRow).toMatchObject({ status: "outbox", kind: "invitation" });
      expect(mailRow!.text).toContain(`/invitations/${inv.id}`);
      // The role by its name in each language, never its code.
      expect(mailRow!.text).toContain("以“主管部门分析员”身份加入");
      expect(mailRow!.text).toContain("as Ministry analyst");
      expect(mailRow!.text).not.toContain("ministry_analyst");

      // The platform admin reads it in the UI.
      const platform = await signedIn("admin@zhiping.demo");
      const box = (await platform.load(adminOutbox, "/admin/outbox")).body as { messages: { to: string }[] };
      expect(box.messages.map((m) => m.to)).toContain("new.analyst@ministry.demo");

      const newcomer = new Client();
      const view = await newcomer.load(invitationRoute, `/invitations/${inv.id}`, { id: inv.id });
      expect(view.body).toMatchObject({ invitation: { state: "pending", email: "new.analyst@ministry.demo" }, signedInEmail: null });
      const joined = await newcomer.act(invitationRoute, `/invitations/${inv.id}`, { intent: "signup", name: "新分析员", password: "harbour-lantern-analyst-88" }, { id: inv.id });
      expect(joined).toMatchObject({ status: 302, body: "/dashboard" });
      const board = await newcomer.load(dashboard, "/dashboard");
      expect(board.body).toMatchObject({ kind: "ministry" });
      const [created] = await database.db.select().from(user).where(eq(user.email, "new.analyst@ministry.demo"));
      expect((await database.db.select().from(member).where(eq(member.userId, created!.id)))[0]!.role).toBe("ministry_analyst");
      expect(await database.db.select().from(userSettings).where(eq(userSettings.userId, created!.id))).toHaveLength(1);
      // Used once, never again.
      expect((await new Client().act(invitationRoute, `/invitations/${inv.id}`, { intent: "signup", name: "x", password: "quartz-meadow-violin-41" }, { id: inv.id })).status).toBe(410);
    });

    it("with an e-mail API configured, the invitation goes through it (and is kept in the outbox)", async () => {
      process.env.EMAIL_API_URL = EMAIL_API_URL;
      process.env.EMAIL_API_KEY = "test-key";
      resetEnv();
      const lead = await signedIn("lead@zhongcheng.demo");
      expect((await lead.act(members, "/members", { email: "new.assessor@zhongcheng.demo", role: "agency_assessor" })).status).toBe(200);
      const message = mail.sent.find((m) => m.to === "new.assessor@zhongcheng.demo")!;
      expect(message.authorization).toBe("Bearer test-key");
      expect(message.subject).toContain("中城智评研究院");
      const inv = await lastInvitationTo("new.assessor@zhongcheng.demo");
      expect(message.text).toContain(`/invitations/${inv.id}`);
      const [row] = await database.db.select().from(outbox).where(eq(outbox.to, "new.assessor@zhongcheng.demo"));
      expect(row!.status).toBe("sent");

      mail.fail(503);
      expect((await lead.act(members, "/members", { email: "third@zhongcheng.demo", role: "agency_assessor" })).status).toBe(200);
      const [failed] = await database.db.select().from(outbox).where(eq(outbox.to, "third@zhongcheng.demo"));
      expect(failed).toMatchObject({ status: "failed" });
      expect(failed!.error).toContain("503");
    });

    it("refuses a role from another kind of organization and invitations from non-admins", async () => {
      const lead = await signedIn("lead@huaxin.demo");
      expect(await lead.act(members, "/members", { email: "x@huaxin.demo", role: "city_editor" })).toMatchObject({ status: 400, body: { errors: { role: "required" } } });
      const assessor = await signedIn("assessor@huaxin.demo");
      expect((await assessor.act(members, "/members", { email: "y@huaxin.demo", role: "agency_assessor" })).status).toBe(403);
    });

    it("an expired invitation is refused and changes nothing", async () => {
      const approver = await signedIn("approver.370800@zhiping.demo");
      await approver.act(members, "/members", { email: "late@jining.demo", role: "city_editor" });
      const inv = await lastInvitationTo("late@jining.demo");
      await database.db.update(invitation).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitation.id, inv.id));
      const users = await count(database.db, user);
      const memberships = await count(database.db, member);
      const view = await new Client().load(invitationRoute, `/invitations/${inv.id}`, { id: inv.id });
      expect(view.body).toMatchObject({ invitation: { state: "expired" } });
      const tried = await new Client().act(invitationRoute, `/invitations/${inv.id}`, { intent: "signup", name: "迟到", password: "copper-tundra-echo-73" }, { id: inv.id });
      expect(tried).toMatchObject({ status: 410, body: { errors: { form: "invitationExpired" } } });
      expect(await count(database.db, user)).toBe(users);
      expect(await count(database.db, member)).toBe(memberships);
    });
  });

  describe("organizations", () => {
    it("a platform admin creates a tenant and invites its first admin", async () => {
      const platform = await signedIn("admin@zhiping.demo");
      const created = await platform.act(adminOrgs, "/admin/organizations", { kind: "city", name: "深圳市", nameEn: "Shenzhen", divisionCode: "440300", province: "广东省", adminEmail: "approver@shenzhen.demo" });
      expect(created).toMatchObject({ status: 200, body: { created: { name: "深圳市" } } });
      const [inv] = await database.db.select().from(invitation).where(eq(invitation.email, "approver@shenzhen.demo"));
      expect(inv!.role).toBe("city_approver");
    });

    it("a duplicate name or division code gets a specific message and changes nothing", async () => {
      const platform = await signedIn("admin@zhiping.demo");
      const orgs = await count(database.db, organization);
      expect(await platform.act(adminOrgs, "/admin/organizations", { kind: "agency", name: "华信第三方评估中心（演示）", adminEmail: "a@b.demo" })).toMatchObject({
        status: 409,
        body: { errors: { name: "duplicateOrgName" }, vars: { name: "华信第三方评估中心（演示）" } },
      });
      expect(await platform.act(adminOrgs, "/admin/organizations", { kind: "city", name: "另一个杭州", divisionCode: "330100", adminEmail: "a@b.demo" })).toMatchObject({
        status: 409,
        body: { errors: { divisionCode: "duplicateDivisionCode" }, vars: { code: "330100", name: "杭州市" } },
      });
      expect(await platform.act(adminOrgs, "/admin/organizations", { kind: "city", name: "无代码市", divisionCode: "33", adminEmail: "a@b.demo" })).toMatchObject({
        status: 400,
        body: { errors: { divisionCode: "divisionCodeFormat" } },
      });
      expect(await count(database.db, organization)).toBe(orgs);
    });

    it("only the platform admin reaches platform pages", async () => {
      for (const email of ["ministry.admin@zhiping.demo", "lead@huaxin.demo", "approver.330100@zhiping.demo"]) {
        const client = await signedIn(email);
        expect((await client.load(adminOrgs, "/admin/organizations")).status).toBe(403);
        expect((await client.load(adminOutbox, "/admin/outbox")).status).toBe(403);
        expect((await client.act(adminOrgs, "/admin/organizations", { kind: "city", name: "X", divisionCode: "999999", adminEmail: "x@y.demo" })).status).toBe(403);
      }
    });
  });

  describe("tenant isolation in loaders", () => {
    const cohortCodes = async (email: string) => {
      const client = await signedIn(email);
      const page = await client.load(campaignRoute, "/campaigns/pilot-2026", { slug: "pilot-2026" });
      if (page.status !== 200) return page.status;
      return (page.body as { cohort: { divisionCode: string }[] }).cohort.map((c) => c.divisionCode);
    };

    it("the ministry sees every city; an agency its assigned ones; a city only itself", async () => {
      expect(await cohortCodes("ministry.analyst@zhiping.demo")).toHaveLength(12);
      const huaxin = (await cohortCodes("lead@huaxin.demo")) as string[];
      expect(huaxin).toHaveLength(7); // six as first assessor, Yinchuan as second
      expect(huaxin).toContain("640100");
      expect(await cohortCodes("editor.330100@zhiping.demo")).toEqual(["330100"]);
    });

    it("a user of an organization outside the campaign gets 403", async () => {
      const platform = await signedIn("admin@zhiping.demo");
      await platform.act(adminOrgs, "/admin/organizations", { kind: "ministry", name: "另一部门（演示）", adminEmail: "other.ministry@zhiping.demo" });
      const [inv] = await database.db.select().from(invitation).where(eq(invitation.email, "other.ministry@zhiping.demo"));
      const other = new Client();
      await other.act(invitationRoute, `/invitations/${inv!.id}`, { intent: "signup", name: "他部", password: "saffron-glacier-pulse-19" }, { id: inv!.id });
      expect((await other.load(campaignRoute, "/campaigns/pilot-2026", { slug: "pilot-2026" })).status).toBe(403);
      expect((await other.load(dashboard, "/dashboard")).body).toMatchObject({ kind: "ministry", campaigns: [] });
    });

    it("a member of two agencies switches between them, and nowhere else", async () => {
      const expert = await signedIn("expert@zhiping.demo");
      const orgIds = (await database.db.select({ id: organization.id, slug: organization.slug }).from(organization)).reduce<Record<string, string>>((a, o) => ({ ...a, [o.slug]: o.id }), {});
      expect(await expert.act(orgSwitch, "/org/switch", { organizationId: orgIds["zhongcheng-eval"]! })).toMatchObject({ status: 302 });
      const page = await expert.load(campaignRoute, "/campaigns/pilot-2026", { slug: "pilot-2026" });
      expect((page.body as { cohort: { divisionCode: string }[] }).cohort.map((c) => c.divisionCode)).toContain("330100");
      expect((await expert.act(orgSwitch, "/org/switch", { organizationId: orgIds["demo-ministry"]! })).status).toBe(403);
    });
  });
});
