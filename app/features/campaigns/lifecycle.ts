import type { CampaignStatus, SubmissionStatus } from "../../../db/schema";
import type { MessageKey } from "../i18n";

/**
 * The campaign lifecycle, draft → open → closed, as one table: each change a ministry makes, the
 * statuses it is allowed in, and what a refusal says otherwise. Commands enforce it; the settings
 * page shows a control only where it applies.
 */
export const CAMPAIGN_CHANGES = {
  settings: { from: ["draft"], refusal: "campaignOpenFrozen" },
  deadlines: { from: ["draft", "open"], refusal: "campaignClosedNoChange" },
  cohort: { from: ["draft", "open"], refusal: "campaignClosedNoChange" },
  open: { from: ["draft"], to: "open", refusal: "campaignNotDraft" },
  close: { from: ["open"], to: "closed", refusal: "closeOnlyOpen" },
} as const satisfies Record<string, { from: readonly CampaignStatus[]; to?: CampaignStatus; refusal: MessageKey }>;

export type CampaignChange = keyof typeof CAMPAIGN_CHANGES;

export const campaignMay = (change: CampaignChange, status: CampaignStatus) => (CAMPAIGN_CHANGES[change].from as readonly CampaignStatus[]).includes(status);

/** Every change and whether it applies now: what the settings page offers. */
export const campaignChanges = (status: CampaignStatus) =>
  Object.fromEntries((Object.keys(CAMPAIGN_CHANGES) as CampaignChange[]).map((change) => [change, campaignMay(change, status)])) as Record<CampaignChange, boolean>;

/** A city whose submission is under way (or done) stays in the cohort; one not started, or withdrawn, may leave. */
export const cityRemovable = (status: SubmissionStatus | null) => status === null || status === "draft" || status === "withdrawn";
