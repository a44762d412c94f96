import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc } from "better-auth/plugins/organization/access";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import { getDb } from "./db.server";
import { sendEmail } from "./email.server";
import { ALL_ROLES, ORG_ADMIN_ROLES } from "./roles";

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

const ac = createAccessControl(defaultStatements);
const roles = Object.fromEntries(ALL_ROLES.map((r) => [r, ORG_ADMIN_ROLES.includes(r) ? adminAc : memberAc]));

export function createAuth(db: Db, options: { baseURL?: string; secret?: string } = {}) {
  return betterAuth({
    baseURL: options.baseURL ?? process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    secret: options.secret ?? process.env.AUTH_SECRET ?? "zhiping-development-secret-change-me-in-production",
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { ...schema, rateLimit: schema.rateLimit },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    rateLimit: {
      enabled: process.env.AUTH_RATE_LIMIT !== "off",
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 5 }, "/sign-up/email": { window: 60, max: 5 } },
    },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: "ministry_admin",
        invitationExpiresIn: INVITATION_TTL_SECONDS,
        cancelPendingInvitationsOnReInvite: true,
        async sendInvitationEmail(data) {
          const base = options.baseURL ?? process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
          await sendEmail(db, {
            to: data.email,
            kind: "invitation",
            subject: `【智评】${data.inviter.user.name} 邀请您加入 ${data.organization.name} / Invitation to ${data.organization.name}`,
            text:
              `${data.inviter.user.name} 邀请您以"${data.role}"角色加入"${data.organization.name}"。\n` +
              `接受邀请 / Accept: ${base}/invitations/${data.id}\n` +
              `本邀请 ${Math.round(INVITATION_TTL_SECONDS / 86400)} 天内有效。 This invitation expires in ${Math.round(INVITATION_TTL_SECONDS / 86400)} days.`,
          });
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

let auth: Promise<Auth> | undefined;
export function getAuth(): Promise<Auth> {
  auth ??= getDb().then((db) => createAuth(db));
  return auth;
}
