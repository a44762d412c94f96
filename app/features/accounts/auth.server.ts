import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc } from "better-auth/plugins/organization/access";
import type { Db } from "../../../db/client";
import * as schema from "../../../db/schema";
import { getDb } from "../../platform/db.server";
import { getMetrics } from "../../platform/observability/metrics.server";
import { getLogger } from "../../platform/observability/logger.server";
import { CLIENT_ADDRESS_HEADER } from "../access";
import { getEnv, publicUrl } from "../../platform/env.server";
import { authSecret } from "../../platform/auth-secret.server";
import { sendEmail } from "../notifications/index.server";
import { INVITATION_TTL_SECONDS, invitationEmail } from "./invitation-email";
import { ALL_ROLES, ORG_ADMIN_ROLES } from "../access/index.server";
import { recordFailure, recordSuccess, secondsBlocked, throttleKey } from "./password-throttle.server";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from "./password-policy.server";

/** better-auth's endpoints that set a new password: each must pass the password policy, whoever calls them. */
const NEW_PASSWORD_FIELDS: Record<string, string> = { "/sign-up/email": "password", "/change-password": "newPassword", "/reset-password": "newPassword", "/set-password": "newPassword" };

const ac = createAccessControl(defaultStatements);
const roles = Object.fromEntries(ALL_ROLES.map((r) => [r, ORG_ADMIN_ROLES.includes(r) ? adminAc : memberAc]));


export function createAuth(db: Db, options: { baseURL?: string; secret?: string } = {}) {
  const baseUrl = options.baseURL ?? publicUrl();
  return betterAuth({
    baseURL: baseUrl,
    databaseHooks: {
      user: {
        create: {
          // Every account gets its settings row (language, platform role) with the account itself.
          after: async (created) => {
            await db.insert(schema.userSettings).values({ userId: created.id }).onConflictDoNothing();
          },
        },
      },
    },
    secret: options.secret ?? authSecret().secret,
    database: drizzleAdapter(db, { provider: "pg", schema }),
    emailAndPassword: { enabled: true, minPasswordLength: PASSWORD_MIN_LENGTH, maxPasswordLength: PASSWORD_MAX_LENGTH, autoSignIn: true },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Per account, whatever address the guesses come from: after a few failures each try must wait, longer each time.
        if (ctx.path === "/sign-in/email" && typeof ctx.body?.email === "string") {
          const wait = await secondsBlocked(db, throttleKey.signIn(ctx.body.email));
          if (wait) throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-ins for this account", code: "ACCOUNT_THROTTLED" }, { "X-Retry-After": String(wait), [LIMITER_HEADER]: "account" });
        }
        const field = NEW_PASSWORD_FIELDS[ctx.path];
        const password = field ? ctx.body?.[field] : undefined;
        if (typeof password === "string") {
          const weak = passwordProblem(password, [ctx.body?.email, ctx.body?.name].filter((v): v is string => typeof v === "string"));
          if (weak) throw new APIError("BAD_REQUEST", { message: "The new password is too easy to guess", code: weak });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email" || typeof ctx.body?.email !== "string") return;
        const returned = ctx.context.returned;
        // A throttled attempt checked no password, so it neither counts as a failure nor clears the run.
        if (isAPIError(returned)) {
          if (returned.statusCode === 401) {
            getMetrics().signInFailures.inc();
            await recordFailure(db, throttleKey.signIn(ctx.body.email));
          }
        } else await recordSuccess(db, throttleKey.signIn(ctx.body.email));
      }),
    },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    // Into the structured log with the request's id; its extra arguments (which can hold request data) are left out.
    logger: { level: "warn", log: (level, message) => getLogger()[level]({ source: "better-auth" }, message) },
    // better-auth reads X-Forwarded-For by default, which any client can write: count the address the server derived.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    rateLimit: {
      enabled: getEnv().AUTH_RATE_LIMIT === "on",
      storage: "database",
      window: 60,
      max: 100,
      // Per address, generous enough for an office behind one NAT; the per-account limit above does the fine work.
      customRules: { "/sign-in/email": { window: 60, max: getEnv().SIGN_IN_ATTEMPTS_PER_MINUTE }, "/sign-up/email": { window: 60, max: 10 } },
    },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: "ministry_admin",
        invitationExpiresIn: INVITATION_TTL_SECONDS,
        cancelPendingInvitationsOnReInvite: true,
        async sendInvitationEmail(data) {
          await sendEmail(
            db,
            invitationEmail({ email: data.email, inviterName: data.inviter.user.name, orgName: data.organization.name, role: data.role, id: data.id, baseUrl }),
          );
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as typeof globalThis & { __zhipingAuth?: Promise<Auth> };

/** Which limiter refused a 429: the per-account one says so; better-auth's per-address one does not. */
const LIMITER_HEADER = "X-Zhiping-Limiter";

/** Counts every refusal by a limiter, whichever way the request reached better-auth (its endpoints or the login page). */
function countRateLimitRefusals(auth: Auth): Auth {
  const handle = auth.handler;
  auth.handler = async (request: Request) => {
    const response = await handle(request);
    if (response.status === 429) getMetrics().rateLimitRefusals.inc({ limiter: response.headers.get(LIMITER_HEADER) ?? "address" });
    return response;
  };
  return auth;
}

/** One better-auth instance per process, over the process's database (see db.server.ts). */
export function getAuth(): Promise<Auth> {
  holder.__zhipingAuth ??= getDb().then((db) => countRateLimitRefusals(createAuth(db)));
  return holder.__zhipingAuth;
}

export function resetAuth() {
  holder.__zhipingAuth = undefined;
}

/**
 * Password sign-in through better-auth's HTTP handler rather than `auth.api`, because its rate
 * limiter (per client address, stored in the database) only runs there. The address is the one
 * the server determined (see CLIENT_ADDRESS_HEADER), never a header the client sent.
 */
export async function signInWithPassword(request: Request, email: string, password: string): Promise<Response> {
  const auth = await getAuth();
  const headers = new Headers({ "content-type": "application/json" });
  for (const name of ["user-agent", "cookie", CLIENT_ADDRESS_HEADER]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const url = new URL("/api/auth/sign-in/email", auth.options.baseURL);
  headers.set("origin", url.origin);
  return auth.handler(new Request(url, { method: "POST", headers, body: JSON.stringify({ email, password }) }));
}
