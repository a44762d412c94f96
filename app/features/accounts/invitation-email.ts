import { termKey, translate } from "../i18n";
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

/** The invitation message, bilingual, for both the organization plugin and platform-admin invitations. */
export function invitationEmail(p: { email: string; inviterName: string; orgName: string; role: string; id: string; baseUrl: string }) {
  const days = Math.round(INVITATION_TTL_SECONDS / 86400);
  // The role by its name in each language, never its code (agency_lead).
  const role = (locale: "zh-CN" | "en") => translate(locale, termKey("role", p.role));
  return {
    to: p.email,
    kind: "invitation",
    subject: `【智评】${p.inviterName} 邀请您加入 ${p.orgName} / Invitation to ${p.orgName}`,
    text:
      `${p.inviterName} 邀请您以“${role("zh-CN")}”身份加入“${p.orgName}”。\n` +
      `${p.inviterName} invites you to join ${p.orgName} as ${role("en")}.\n` +
      `接受邀请 / Accept: ${p.baseUrl}/invitations/${p.id}\n` +
      `本邀请 ${days} 天内有效。 This invitation expires in ${days} days.`,
  };
}
