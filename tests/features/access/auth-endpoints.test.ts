import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { member, organization, orgProfile, user } from "../../../db/schema";
import * as authApi from "../../../app/routes/api.auth.$";
import * as login from "../../../app/routes/login";
import { DEMO_PASSWORD } from "../../../db/seed/demo-data";
import { BASE, Client, useApp } from "../../helpers/app";
import { DRIVERS } from "../../helpers/database";

async function signedIn(email: string) {
  const client = new Client();
  expect((await client.act(login, "/login", { email, password: DEMO_PASSWORD, redirectTo: "/dashboard" })).status).toBe(302);
  return client;
}

/** Calls better-auth's HTTP API as the route serves it; a thrown refusal is returned. */
async function callAuth(client: Client, method: "GET" | "POST", path: string, body?: unknown) {
  const request = new Request(`${BASE}/api/auth${path}`, {
    method,
    headers: client.headers({ "content-type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  try {
    return (await (method === "GET" ? authApi.loader : authApi.action)({ request, params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe.each(DRIVERS)("better-auth's own endpoints on %s", (driver) => {
  const database = useApp(driver);

  it("refuses the organization plugin's changes: a city approver cannot rename its city or promote an editor", async () => {
    const approver = await signedIn("approver.330100@zhiping.demo");
    const [city] = await database.db.select({ id: organization.id, name: organization.name }).from(organization).innerJoin(orgProfile, eq(orgProfile.organizationId, organization.id)).where(eq(orgProfile.divisionCode, "330100"));
    const rename = await callAuth(approver, "POST", "/organization/update", { organizationId: city!.id, data: { name: "=HYPERLINK(\"http://evil\")" } });
    expect(rename.status).toBe(404);
    expect(await rename.text()).toMatch(/没有这个接口/);
    const [editor] = await database.db.select({ id: member.id }).from(member).innerJoin(user, eq(user.id, member.userId)).where(eq(user.email, "editor.330100@zhiping.demo"));
    const promote = await callAuth(approver, "POST", "/organization/update-member-role", { memberId: editor!.id, role: "city_approver", organizationId: city!.id });
    expect(promote.status).toBe(404);
    const [after] = await database.db.select({ name: organization.name }).from(organization).where(eq(organization.id, city!.id));
    expect(after!.name).toBe(city!.name);
    const [role] = await database.db.select({ role: member.role }).from(member).where(eq(member.id, editor!.id));
    expect(role!.role).toBe("city_editor");
  });

  it("refuses self-registration and account changes outside the app's pages", async () => {
    const stranger = new Client();
    const users = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(user))[0]!.n;
    const before = await users();
    const signUp = await callAuth(stranger, "POST", "/sign-up/email", { email: "intruder@example.com", password: "a-long-enough-password", name: "x" });
    expect(signUp.status).toBe(404);
    expect(await users()).toBe(before);
    const editor = await signedIn("editor.640100@zhiping.demo");
    for (const [path, body] of [
      ["/update-user", { name: "Somebody else" }],
      ["/organization/create", { name: "Fake ministry", slug: "fake" }],
      ["/organization/invite-member", { email: "x@example.com", role: "city_approver" }],
      ["/organization/set-active", { organizationId: "x" }],
      ["/change-password", { currentPassword: DEMO_PASSWORD, newPassword: "another-password-2026" }],
    ] as const) {
      expect((await callAuth(editor, "POST", path, body)).status, path).toBe(404);
    }
    const [me] = await database.db.select({ name: user.name }).from(user).where(eq(user.email, "editor.640100@zhiping.demo"));
    expect(me!.name).not.toBe("Somebody else");
  });

  it("still serves the session and sign-out to scripts", async () => {
    const editor = await signedIn("editor.640100@zhiping.demo");
    const session = await callAuth(editor, "GET", "/get-session");
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { email: "editor.640100@zhiping.demo" } });
    expect((await callAuth(editor, "GET", "/organization/list")).status).toBe(404);
  });
});
