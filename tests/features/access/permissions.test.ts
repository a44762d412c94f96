import { describe, expect, it } from "vitest";
import { decide, type Action, type Actor, type CampaignResource } from "../../../app/features/access";
import type { OrgKind, Role } from "../../../app/features/access";

const campaign: CampaignResource = {
  type: "campaign",
  campaignId: "c1",
  ministryOrgId: "M1",
  cohort: [
    { cityOrgId: "C1", agencyOrgIds: ["A1"] },
    { cityOrgId: "C2", agencyOrgIds: ["A2", "A1"] },
  ],
  resultsPublished: false,
  status: "open",
};
const cityData = (cityOrgId: string) => ({ type: "city-data" as const, campaign, cityOrgId });

const actor = (orgId: string, kind: OrgKind, role: Role): Actor => ({ userId: "u", platformAdmin: false, membership: { orgId, kind, role }, memberOrgIds: [orgId] });

// [actor, its own org, another org of the same kind]
const cases: [Role, OrgKind, string, string][] = [
  ["ministry_admin", "ministry", "M1", "M2"],
  ["ministry_analyst", "ministry", "M1", "M2"],
  ["agency_lead", "agency", "A1", "A3"],
  ["agency_assessor", "agency", "A1", "A3"],
  ["city_approver", "city", "C1", "C3"],
  ["city_editor", "city", "C1", "C3"],
];

/** What each role may do on its own city's data (C1, assigned to A1, in M1's campaign). */
const ownCityData: Record<Role, Action[]> = {
  ministry_admin: ["read:city-data"],
  ministry_analyst: ["read:city-data"],
  agency_lead: ["read:city-data", "review:city-data", "signoff:city-data"],
  agency_assessor: ["read:city-data", "review:city-data"],
  city_approver: ["read:city-data", "update:city-data", "submit:city-data"],
  city_editor: ["read:city-data", "update:city-data"],
};
const CITY_ACTIONS: Action[] = ["read:city-data", "update:city-data", "submit:city-data", "review:city-data", "signoff:city-data"];

describe("access decisions: every role × own / other organization", () => {
  for (const [role, kind, own, other] of cases) {
    describe(role, () => {
      it("city data of a city it is responsible for", () => {
        for (const action of CITY_ACTIONS) expect(decide(actor(own, kind, role), action, cityData("C1")).allowed, `${role} ${action}`).toBe(ownCityData[role].includes(action));
      });

      it("nothing on city data from another organization of its kind", () => {
        for (const action of CITY_ACTIONS) expect(decide(actor(other, kind, role), action, cityData("C1")).allowed, `${role}@${other} ${action}`).toBe(false);
      });

      it("reads the campaign only when its organization takes part", () => {
        expect(decide(actor(own, kind, role), "read:campaign", campaign).allowed).toBe(true);
        expect(decide(actor(other, kind, role), "read:campaign", campaign).allowed).toBe(false);
        expect(decide(actor(own, kind, role), "manage:campaign", campaign).allowed).toBe(role === "ministry_admin");
        expect(decide(actor(other, kind, role), "manage:campaign", campaign).allowed).toBe(false);
      });

      it("administers only its own organization, and only as an admin role", () => {
        const isAdmin = ["ministry_admin", "agency_lead", "city_approver"].includes(role);
        expect(decide(actor(own, kind, role), "invite:member", { type: "organization", orgId: own }).allowed).toBe(isAdmin);
        expect(decide(actor(own, kind, role), "invite:member", { type: "organization", orgId: other }).allowed).toBe(false);
        expect(decide(actor(own, kind, role), "read:organization", { type: "organization", orgId: own }).allowed).toBe(true);
        expect(decide(actor(own, kind, role), "read:organization", { type: "organization", orgId: other }).allowed).toBe(false);
      });

      it("never reaches platform administration", () => {
        expect(decide(actor(own, kind, role), "read:platform-outbox", { type: "platform" }).allowed).toBe(false);
        expect(decide(actor(own, kind, role), "manage:organizations", { type: "platform" }).allowed).toBe(false);
      });
    });
  }

  it("a city never sees another city's data, even in the same campaign", () => {
    for (const role of ["city_approver", "city_editor"] as const)
      for (const action of CITY_ACTIONS) expect(decide(actor("C1", "city", role), action, cityData("C2")).allowed).toBe(false);
  });

  it("an agency sees only the cities assigned to it (first or second assessor)", () => {
    expect(decide(actor("A2", "agency", "agency_assessor"), "read:city-data", cityData("C1")).allowed).toBe(false);
    expect(decide(actor("A2", "agency", "agency_assessor"), "read:city-data", cityData("C2")).allowed).toBe(true);
    expect(decide(actor("A1", "agency", "agency_assessor"), "review:city-data", cityData("C2")).allowed).toBe(true);
  });

  it("a city outside the cohort is refused to everyone", () => {
    expect(decide(actor("M1", "ministry", "ministry_admin"), "read:city-data", cityData("C9")).allowed).toBe(false);
  });

  it("the platform admin manages the platform but reads no tenant data", () => {
    const admin: Actor = { userId: "a", platformAdmin: true, membership: null, memberOrgIds: [] };
    expect(decide(admin, "read:platform-outbox", { type: "platform" }).allowed).toBe(true);
    expect(decide(admin, "manage:organizations", { type: "platform" }).allowed).toBe(true);
    expect(decide(admin, "read:campaign", campaign).allowed).toBe(false);
    expect(decide(admin, "read:city-data", cityData("C1")).allowed).toBe(false);
  });

  it("switching organization needs a membership there", () => {
    const multi: Actor = { ...actor("A1", "agency", "agency_assessor"), memberOrgIds: ["A1", "A2"] };
    expect(decide(multi, "switch:organization", { type: "organization", orgId: "A2" }).allowed).toBe(true);
    expect(decide(multi, "switch:organization", { type: "organization", orgId: "A3" }).allowed).toBe(false);
  });

  it("cohort-wide results: the owning ministry always, the cohort only once the ranking is published", () => {
    const published = { ...campaign, resultsPublished: true };
    for (const [role, kind, own, other] of cases) {
      const owner = kind === "ministry";
      expect(decide(actor(own, kind, role), "read:campaign-results", campaign).allowed, role).toBe(owner);
      expect(decide(actor(own, kind, role), "read:campaign-results", published).allowed, role).toBe(true);
      expect(decide(actor(other, kind, role), "read:campaign-results", published).allowed, `${role}@${other}`).toBe(false);
      // Another city's profile: only with a published ranking (or as the ministry / assigned agency).
      const profileOfC2 = { type: "city-data" as const, campaign, cityOrgId: "C2" };
      expect(decide(actor(own, kind, role), "read:city-profile", profileOfC2).allowed, role).toBe(kind !== "city");
      expect(decide(actor(own, kind, role), "read:city-profile", { ...profileOfC2, campaign: published }).allowed, role).toBe(true);
    }
  });

  it("all cities' audit reports stay with the owning ministry; the API reads only its published rankings", () => {
    const published = { ...campaign, resultsPublished: true };
    for (const [role, kind, own, other] of cases) {
      const owner = kind === "ministry";
      expect(decide(actor(own, kind, role), "read:campaign-reports", published).allowed, role).toBe(owner);
      expect(decide(actor(other, kind, role), "read:campaign-reports", published).allowed, `${role}@${other}`).toBe(false);
      expect(decide(actor(own, kind, role), "read:published-results", campaign).allowed, role).toBe(false);
      expect(decide(actor(own, kind, role), "read:published-results", published).allowed, role).toBe(owner);
    }
  });

  it("the second assessor reviews but only the primary agency's lead signs off (and reconciles)", () => {
    // A1 is C2's second assessor.
    expect(decide(actor("A1", "agency", "agency_lead"), "review:city-data", cityData("C2")).allowed).toBe(true);
    expect(decide(actor("A1", "agency", "agency_lead"), "signoff:city-data", cityData("C2")).allowed).toBe(false);
    expect(decide(actor("A2", "agency", "agency_lead"), "signoff:city-data", cityData("C2")).allowed).toBe(true);
  });

  it("a draft campaign is the ministry's alone; a closed one is read-only for everybody", () => {
    const draft = { ...campaign, status: "draft" as const };
    const closed = { ...campaign, status: "closed" as const };
    for (const [role, kind, own] of cases) {
      const owner = kind === "ministry";
      expect(decide(actor(own, kind, role), "read:campaign", draft).allowed, role).toBe(owner);
      expect(decide(actor(own, kind, role), "manage:campaign", draft).allowed, role).toBe(role === "ministry_admin");
      expect(decide(actor(own, kind, role), "read:campaign", closed).allowed, role).toBe(true);
      for (const action of CITY_ACTIONS) {
        expect(decide(actor(own, kind, role), action, { type: "city-data", campaign: draft, cityOrgId: "C1" }).allowed, `${role} ${action} draft`).toBe(owner && action === "read:city-data");
        expect(decide(actor(own, kind, role), action, { type: "city-data", campaign: closed, cityOrgId: "C1" }).allowed, `${role} ${action} closed`).toBe(action === "read:city-data");
      }
    }
  });

  it("API tokens are managed by the ministry's admin only", () => {
    for (const [role, kind, own, other] of cases) {
      expect(decide(actor(own, kind, role), "manage:api-tokens", { type: "organization", orgId: own }).allowed, role).toBe(role === "ministry_admin");
      expect(decide(actor(own, kind, role), "manage:api-tokens", { type: "organization", orgId: other }).allowed, role).toBe(false);
    }
  });
});
