import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { campaign, campaignCity, organization, orgProfile, result, reviewValue } from "../../../db/schema";
import { frameworkIndicators } from "../../../indicators";
import { loadFramework } from "../frameworks/index.server";
import { publicUrl } from "../../platform/env.server";
import { sendEmail } from "./email.server";
import { formatDate, localText, translate, type Locale, localName } from "../i18n/index.server";
import { membersToTell } from "../accounts/index.server";
import type { MessageKey } from "../i18n";
import type { Role } from "../access/index.server";
import type { SubmissionRow } from "../submissions/index.server";
import type { Transition } from "../submissions/index.server";

type Party = "agencies" | "city" | "ministry";

/** Who acts next after each transition, and so is told of it. */
type Notice = Transition | "readyForApproval";
const AUDIENCE: Partial<Record<Notice, { parties: Party[]; roles: Role[]; subject: MessageKey; text: MessageKey }>> = {
  submit: { parties: ["agencies"], roles: ["agency_lead", "agency_assessor"], subject: "n_submitSubject", text: "n_submitText" },
  resubmit: { parties: ["agencies"], roles: ["agency_lead", "agency_assessor"], subject: "n_resubmitSubject", text: "n_resubmitText" },
  returnForCorrection: { parties: ["city"], roles: ["city_editor", "city_approver"], subject: "n_returnedSubject", text: "n_returnedText" },
  signOff: { parties: ["city", "ministry"], roles: ["city_editor", "city_approver", "ministry_admin", "ministry_analyst"], subject: "n_signedOffSubject", text: "n_signedOffText" },
  withdraw: { parties: ["agencies", "ministry"], roles: ["agency_lead", "ministry_admin"], subject: "n_withdrawnSubject", text: "n_withdrawnText" },
  readyForApproval: { parties: ["city"], roles: ["city_approver"], subject: "n_readySubject", text: "n_readyText" },
};

/**
 * E-mails the people who act next that a submission changed hands, each in their own language,
 * with a link to it: agencies when a city submits, the city when it is returned (with what to fix),
 * the city and the ministry at sign-off, the agencies and the ministry when a city withdraws.
 * The actor is not told of their own action. Sending never undoes the transition: failures stay in the outbox.
 */
export async function notifyTransition(db: Db, sub: SubmissionRow, name: Notice, actor: { id: string; name: string }, reason = ""): Promise<number> {
  const audience = AUDIENCE[name];
  if (!audience) return 0;
  const [row] = await db
    .select({ campaign, entry: campaignCity, cityName: organization.name, cityNameEn: orgProfile.nameEn, code: orgProfile.divisionCode })
    .from(campaignCity)
    .innerJoin(campaign, eq(campaign.id, campaignCity.campaignId))
    .innerJoin(organization, eq(organization.id, campaignCity.cityOrgId))
    .innerJoin(orgProfile, eq(orgProfile.organizationId, campaignCity.cityOrgId))
    .where(and(eq(campaignCity.campaignId, sub.campaignId), eq(campaignCity.cityOrgId, sub.cityOrgId)));
  if (!row) return 0;
  const orgIds = audience.parties.flatMap((p) =>
    p === "city" ? [sub.cityOrgId] : p === "ministry" ? [row.campaign.ministryOrgId] : [row.entry.agencyOrgId, ...(row.entry.secondAgencyOrgId ? [row.entry.secondAgencyOrgId] : [])],
  );
  // Someone in two of these organizations (an expert in both agencies) gets one message.
  const recipients = [...new Map((await membersToTell(db, orgIds, audience.roles)).filter((m) => m.userId !== actor.id).map((m) => [m.email, m])).values()];
  if (!recipients.length) return 0;

  const details = await transitionDetails(db, sub, name, row.campaign.frameworkRef, row.entry.agencyOrgId);
  const url = `${publicUrl()}/campaigns/${row.campaign.slug}/cities/${row.code}`;
  const colon = (locale: Locale) => (locale === "en" ? ": " : "：");
  // One request to the e-mail API per person; they do not wait for each other.
  await Promise.all(recipients.map(({ email, locale }) => {
    const vars = {
      by: actor.name,
      city: localName(locale, row.cityName, row.cityNameEn),
      campaign: localName(locale, row.campaign.nameZh, row.campaign.nameEn),
      round: sub.round,
      deadline: formatDate(locale, row.campaign.reviewDeadline),
      url,
      reason,
      items: details.returned.map((i) => `- ${i.code} ${localText(locale, i.name)}${colon(locale)}${i.reason}`).join("\n"),
      score: details.score ?? "—",
      hash: details.hash ?? "—",
    };
    return sendEmail(db, { to: email, kind: `workflow.${name}`, subject: translate(locale, audience.subject, vars), text: translate(locale, audience.text, vars) });
  }));
  return recipients.length;
}

/** What the message needs beyond names: the returned indicators with their reasons, or the signed-off result. */
async function transitionDetails(db: Db, sub: SubmissionRow, name: Notice, frameworkRef: string, primaryAgencyOrgId: string) {
  if (name === "returnForCorrection") {
    const names = new Map(frameworkIndicators(await loadFramework(db, frameworkRef)).map((i) => [i.code, i.name]));
    const reviews = await db
      .select()
      .from(reviewValue)
      .where(and(eq(reviewValue.submissionId, sub.id), eq(reviewValue.agencyOrgId, primaryAgencyOrgId), eq(reviewValue.decision, "returned")));
    const order = [...names.keys()];
    return {
      returned: reviews.sort((a, b) => order.indexOf(a.indicatorCode) - order.indexOf(b.indicatorCode)).map((r) => ({ code: r.indicatorCode, name: names.get(r.indicatorCode) ?? { zh: "", en: "" }, reason: r.reason })),
    };
  }
  if (name === "signOff") {
    const [frozen] = await db.select({ hash: result.hash, scores: result.scores }).from(result).where(eq(result.submissionId, sub.id));
    const index = frozen?.scores.scores.Index;
    return { returned: [], score: typeof index === "number" ? index.toFixed(2) : undefined, hash: frozen?.hash };
  }
  return { returned: [] };
}
