import { ORG_ADMIN_ROLES, type OrgKind, type Role } from "./roles";

/**
 * The one place that answers "may this user do this action on this resource". Pure: loaders and
 * actions gather the actor and the resource, then call `decide` (through
 * `requireUserWithPermission` in session.server.ts). A user acts as a member of their *active*
 * organization only.
 */
export interface Actor {
  userId: string;
  platformAdmin: boolean;
  /** The active membership, if any. */
  membership: { orgId: string; kind: OrgKind; role: Role } | null;
  /** Every organization the user belongs to (for switching the active one). */
  memberOrgIds: readonly string[];
}

export interface CampaignResource {
  type: "campaign";
  campaignId: string;
  ministryOrgId: string;
  cohort: readonly { cityOrgId: string; agencyOrgIds: readonly string[] }[];
  /** The ministry has published the ranking to the cohort. */
  resultsPublished: boolean;
  /** Draft: only the ministry sees it; open: cities submit and agencies review; closed: read-only. */
  status: "draft" | "open" | "closed";
}

/** One city's data in one campaign (its submission, evidence and results). */
export interface CityDataResource {
  type: "city-data";
  campaign: CampaignResource;
  cityOrgId: string;
  /** Whether the acting agency has saved a review of every indicator (the second assessor scores blind until then). */
  ownReviewComplete?: boolean;
}

export interface OrganizationResource {
  type: "organization";
  orgId: string;
}

export interface PlatformResource {
  type: "platform";
}

/** A framework of the library, or one version of it. */
export interface FrameworkResource {
  type: "framework";
  /** The ministry that keeps it; null: the platform's shared library. */
  ownerOrgId: string | null;
  /** The version is published (unset: the framework as a whole, e.g. to add a version). */
  published?: boolean;
  /** A campaign the actor may see runs on this version. */
  usedByVisibleCampaign?: boolean;
}

export type Resource = CampaignResource | CityDataResource | OrganizationResource | PlatformResource | FrameworkResource;

export type Action =
  | "read:platform-outbox"
  | "manage:organizations"
  | "read:organization"
  | "switch:organization"
  | "invite:member"
  | "create:campaign"
  | "read:campaign"
  | "manage:campaign"
  | "read:campaign-results"
  | "read:campaign-reports"
  | "read:published-results"
  | "read:city-profile"
  | "read:city-rank"
  | "manage:api-tokens"
  | "read:city-data"
  | "update:city-data"
  | "submit:city-data"
  | "review:city-data"
  | "advance:city-review"
  | "signoff:city-data"
  | "read:other-assessment"
  | "read:methodology-audit"
  | "read:campaign-quality"
  | "read:quality-cross-checks"
  | "read:framework-library"
  | "create:framework"
  | "read:framework"
  | "manage:framework";

export interface Decision {
  allowed: boolean;
  reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

type CohortEntry = CampaignResource["cohort"][number];
const cohortIndexes = new WeakMap<CampaignResource["cohort"], { byCity: Map<string, CohortEntry>; agencies: Set<string> }>();

/** The cohort by city and its agencies, built once per cohort: a queue of 20,401 towns asks per town, and a scan each time is n². */
function cohortIndex(cohort: CampaignResource["cohort"]) {
  let index = cohortIndexes.get(cohort);
  if (!index) cohortIndexes.set(cohort, (index = { byCity: new Map(cohort.map((x) => [x.cityOrgId, x])), agencies: new Set(cohort.flatMap((x) => x.agencyOrgIds)) }));
  return index;
}

function campaignRole(actor: Actor, c: CampaignResource): "owner" | "agency" | "city" | null {
  const m = actor.membership;
  if (!m) return null;
  if (m.kind === "ministry") return c.ministryOrgId === m.orgId ? "owner" : null;
  // A campaign being set up is the ministry's alone: its cohort and assignments may still change.
  if (c.status === "draft") return null;
  if (m.kind === "agency") return cohortIndex(c.cohort).agencies.has(m.orgId) ? "agency" : null;
  return cohortIndex(c.cohort).byCity.has(m.orgId) ? "city" : null;
}

export function decide(actor: Actor, action: Action, resource: Resource): Decision {
  const m = actor.membership;
  switch (action) {
    case "read:platform-outbox":
    case "manage:organizations":
      return actor.platformAdmin ? allow("platform admin") : deny("only a platform admin may do this");

    case "switch:organization":
      if (resource.type !== "organization") return deny("not an organization");
      return actor.memberOrgIds.includes(resource.orgId) ? allow("member") : deny("not a member of this organization");

    case "read:organization":
    case "invite:member": {
      if (resource.type !== "organization") return deny("not an organization");
      if (!m || m.orgId !== resource.orgId) return deny("not a member of this organization");
      if (action === "read:organization") return allow("member");
      return ORG_ADMIN_ROLES.includes(m.role) ? allow(`${m.role} administers the organization`) : deny(`${m.role} cannot invite members`);
    }

    case "read:framework-library":
      // The library lists the shared frameworks and the ministry's own; agencies and cities reach the versions of their campaigns from those campaigns.
      return actor.platformAdmin || m?.kind === "ministry" ? allow("ministry or platform admin") : deny("only ministries and platform admins browse the framework library");

    case "create:framework":
      return actor.platformAdmin || (m?.kind === "ministry" && m.role === "ministry_admin") ? allow("ministry or platform admin") : deny("only a ministry admin creates frameworks");

    case "read:framework":
    case "manage:framework": {
      if (resource.type !== "framework") return deny("not a framework");
      const own = resource.ownerOrgId !== null && m?.kind === "ministry" && m.orgId === resource.ownerOrgId;
      if (action === "manage:framework") {
        if (resource.ownerOrgId === null) return actor.platformAdmin ? allow("platform admin curates the shared library") : deny("only a platform admin changes the shared library");
        return own && m!.role === "ministry_admin" ? allow("ministry admin of the owning ministry") : deny("only the owning ministry's admin changes a framework");
      }
      if (own) return allow("owning ministry");
      if (resource.usedByVisibleCampaign) return allow("a campaign of this organization uses the version");
      if (resource.ownerOrgId === null) {
        if (actor.platformAdmin) return allow("platform admin");
        if (resource.published !== false && m?.kind === "ministry") return allow("the shared library's published versions are open to every ministry");
      }
      return deny("this framework is not visible to this organization");
    }

    case "create:campaign":
      return m?.kind === "ministry" && m.role === "ministry_admin" ? allow("ministry admin") : deny("only a ministry admin creates campaigns");

    case "read:campaign-results": {
      if (resource.type !== "campaign") return deny("not a campaign");
      const role = campaignRole(actor, resource);
      // The whole cohort's results belong to the owning ministry until it publishes them to the cohort.
      if (role === "owner") return allow("owning ministry");
      if (role && resource.resultsPublished) return allow("ranking published to the cohort");
      return deny(role ? "the ministry has not published the ranking" : "the campaign is not visible to this organization");
    }

    case "read:methodology-audit": {
      // How robust the ranking is, and how coherent the framework: the owning ministry and the assessors of the cohort.
      if (resource.type !== "campaign") return deny("not a campaign");
      const role = campaignRole(actor, resource);
      return role === "owner" || role === "agency" ? allow(`campaign ${role}`) : deny("only the owning ministry and the cohort's assessors read the methodology audit");
    }

    case "read:campaign-quality": {
      // Every city's plausibility flags side by side: the owning ministry's overview of the campaign.
      if (resource.type !== "campaign") return deny("not a campaign");
      return campaignRole(actor, resource) === "owner" ? allow("owning ministry") : deny("only the owning ministry reads the campaign's data quality");
    }

    case "read:quality-cross-checks": {
      // The cohort's figures behind an outlier and the files another city also attached are for the
      // assessors and the ministry; the city sees how its own values are flagged, not the others'.
      if (resource.type !== "city-data") return deny("not a city's campaign data");
      if (!decide(actor, "read:city-data", resource).allowed) return deny("may not read this city's data");
      return m!.kind === "city" ? deny("cross-checks against other cities are for the assessors and the ministry") : allow(`${m!.kind} of the campaign`);
    }

    case "read:campaign-reports":
    case "read:published-results": {
      if (resource.type !== "campaign") return deny("not a campaign");
      // Every city's audit report (and the batch that builds them all) stays with the owning
      // ministry even after publication; the API serves its own ministry's published rankings only.
      if (campaignRole(actor, resource) !== "owner") return deny("only the owning ministry");
      if (action === "read:campaign-reports") return allow("owning ministry");
      return resource.resultsPublished ? allow("owning ministry, ranking published") : deny("the ranking is not published");
    }

    case "read:city-profile": {
      if (resource.type !== "city-data") return deny("not a city's campaign data");
      if (decide(actor, "read:city-data", resource).allowed) return allow("may read the city's data");
      return decide(actor, "read:campaign-results", resource.campaign).allowed
        ? allow("ranking published to the cohort")
        : deny("another city's profile, and the ranking is not published");
    }

    case "read:city-rank": {
      // A rank places the city among the others, so it is a cohort result: the owning ministry's
      // alone until it publishes the ranking, even for the city itself and its assessors.
      if (resource.type !== "city-data") return deny("not a city's campaign data");
      if (!decide(actor, "read:city-profile", resource).allowed) return deny("may not read this city's profile");
      return decide(actor, "read:campaign-results", resource.campaign).allowed ? allow("may read the cohort's results") : deny("the ministry has not published the ranking");
    }

    case "manage:api-tokens": {
      if (resource.type !== "organization") return deny("not an organization");
      return m?.orgId === resource.orgId && m.kind === "ministry" && m.role === "ministry_admin"
        ? allow("ministry admin")
        : deny("only a ministry's admin manages its API tokens");
    }

    case "read:campaign":
    case "manage:campaign": {
      if (resource.type !== "campaign") return deny("not a campaign");
      const role = campaignRole(actor, resource);
      if (!role) return deny("the campaign is not visible to this organization");
      if (action === "read:campaign") return allow(`campaign ${role}`);
      return role === "owner" && m!.role === "ministry_admin" ? allow("ministry admin of the owning ministry") : deny("only the owning ministry's admin manages a campaign");
    }

    case "read:other-assessment": {
      // The two assessments side by side (agreement, the other agency's values and decisions). The
      // second assessor scores blind: it sees the primary's work only once its own review is complete.
      if (resource.type !== "city-data") return deny("not a city's campaign data");
      if (!decide(actor, "read:city-data", resource).allowed) return deny("may not read this city's data");
      if (m!.kind === "ministry") return allow("owning ministry");
      if (m!.kind === "city") return deny("the city sees the primary assessor's review only");
      const [primary] = cohortIndex(resource.campaign.cohort).byCity.get(resource.cityOrgId)!.agencyOrgIds;
      if (primary === m!.orgId) return allow("primary agency");
      return resource.ownReviewComplete ? allow("second agency, its own review complete") : deny("the second assessor scores blind until its own review is complete");
    }

    case "read:city-data":
    case "update:city-data":
    case "submit:city-data":
    case "review:city-data":
    case "advance:city-review":
    case "signoff:city-data": {
      if (resource.type !== "city-data") return deny("not a city's campaign data");
      if (!m) return deny("no active organization");
      const entry = cohortIndex(resource.campaign.cohort).byCity.get(resource.cityOrgId);
      if (!entry) return deny("the city is not in this campaign");
      if (m.kind !== "ministry" && resource.campaign.status === "draft") return deny("the campaign is not open yet");
      if (action !== "read:city-data" && resource.campaign.status !== "open") return deny(`the campaign is ${resource.campaign.status}; nothing in it can change`);
      if (m.kind === "city") {
        if (m.orgId !== resource.cityOrgId) return deny("another city's data");
        if (action === "read:city-data") return allow("own city");
        if (action === "update:city-data") return allow("own city editor or approver");
        if (action === "submit:city-data") return m.role === "city_approver" ? allow("city approver") : deny("only the city approver submits");
        return deny("cities do not review");
      }
      if (m.kind === "agency") {
        if (!entry.agencyOrgIds.includes(m.orgId)) return deny("the city is not assigned to this agency");
        if (action === "read:city-data" || action === "review:city-data") return allow("assigned agency");
        if (action === "update:city-data" || action === "submit:city-data") return deny("assessors do not edit city submissions");
        // The second assessor scores independently; the primary agency alone moves the submission and signs off.
        const primary = entry.agencyOrgIds[0] === m.orgId;
        if (action === "advance:city-review") return primary ? allow("primary agency") : deny("only the primary agency starts the review or returns the submission; the second assessor scores independently");
        if (!primary) return deny("only the primary agency signs off; the second assessor scores independently");
        return m.role === "agency_lead" ? allow("lead assessor") : deny("only the lead assessor signs off");
      }
      if (resource.campaign.ministryOrgId !== m.orgId) return deny("another ministry's campaign");
      return action === "read:city-data" ? allow("owning ministry") : deny("ministries read results; they do not edit or review them");
    }
  }
}

/**
 * Whose library a framework this actor creates goes into: its ministry's (a ministry admin), else
 * the shared library (a platform admin, null); undefined when the actor may create none.
 */
export function frameworkOwnerFor(actor: Actor): string | null | undefined {
  const m = actor.membership;
  if (m?.kind === "ministry" && m.role === "ministry_admin") return m.orgId;
  return actor.platformAdmin ? null : undefined;
}

/** What the main navigation offers this actor: the same questions the routes behind it ask. */
export function navigationRights(actor: Actor) {
  const org: OrganizationResource | null = actor.membership ? { type: "organization", orgId: actor.membership.orgId } : null;
  const may = (action: Action, resource: Resource | null) => !!resource && decide(actor, action, resource).allowed;
  return {
    members: may("read:organization", org),
    organizations: may("manage:organizations", { type: "platform" }),
    outbox: may("read:platform-outbox", { type: "platform" }),
    apiTokens: may("manage:api-tokens", org),
    frameworks: may("read:framework-library", { type: "platform" }),
  };
}
