/** Roles per organization kind; a member's role string is one of these. */
export const ROLES = {
  ministry: ["ministry_admin", "ministry_analyst"],
  agency: ["agency_lead", "agency_assessor"],
  city: ["city_approver", "city_editor"],
} as const;

export type OrgKind = keyof typeof ROLES;
export type Role = (typeof ROLES)[OrgKind][number];

export const ALL_ROLES: Role[] = Object.values(ROLES).flat();

/** Roles that administer their own organization (members and invitations). */
export const ORG_ADMIN_ROLES: readonly Role[] = ["ministry_admin", "agency_lead", "city_approver"];

export const isRole = (value: string): value is Role => (ALL_ROLES as string[]).includes(value);
export const roleFitsKind = (role: Role, kind: OrgKind) => (ROLES[kind] as readonly string[]).includes(role);
