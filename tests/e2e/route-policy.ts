import { SUBMISSION_INTENTS } from "../../app/features/submissions";

/**
 * Who may do what, declared once per route of the Remix manifest: each probe is a request that
 * stops right after the access decision (a malformed body, a stale version, a missing file), so
 * an allowed actor gets a 2xx/3xx or a 400/409 about the content and a refused one a 401/403/404
 * or the login page. Every route's loader and action, and every submission intent, must be here:
 * a new route without an entry fails the matrix. Run against the real server for every demo role
 * and a second ministry (route-matrix.e2e.test.ts).
 */
export const ACTORS = {
  anonymous: null,
  platform: "admin@zhiping.demo",
  ministryAdmin: "ministry.admin@zhiping.demo",
  ministryAnalyst: "ministry.analyst@zhiping.demo",
  otherMinistry: "admin@other-ministry.test",
  primaryLead: "lead@huaxin.demo",
  primaryAssessor: "assessor@huaxin.demo",
  secondAssessor: "assessor@zhongcheng.demo",
  cityApprover: "approver.330100@zhiping.demo",
  cityEditor: "editor.330100@zhiping.demo",
  otherCity: "editor.640100@zhiping.demo",
} as const;

export type Actor = keyof typeof ACTORS;

export interface Probe {
  method: "GET" | "POST";
  /** Placeholders: :evidence (one of 杭州's files), :batch (a finished report batch), :otherMinistryOrg (the second ministry's organization). */
  path: string;
  /** "malformed": a body no form parser accepts, read only after the access check. */
  body?: Record<string, string> | "malformed" | "json";
  /** Actors that get past access, or "public" with the reason. */
  allow: Actor[] | { public: string };
}

const SIGNED_IN: Actor[] = ["platform", "ministryAdmin", "ministryAnalyst", "otherMinistry", "primaryLead", "primaryAssessor", "secondAssessor", "cityApprover", "cityEditor", "otherCity"];
const MEMBERS = SIGNED_IN.filter((a) => a !== "platform");
const COHORT: Actor[] = ["ministryAdmin", "ministryAnalyst", "primaryLead", "primaryAssessor", "secondAssessor", "cityApprover", "cityEditor", "otherCity"];
const HANGZHOU_READERS: Actor[] = ["ministryAdmin", "ministryAnalyst", "primaryLead", "primaryAssessor", "secondAssessor", "cityApprover", "cityEditor"];
const HANGZHOU_EDITORS: Actor[] = ["cityApprover", "cityEditor"];
const OWNING_MINISTRY: Actor[] = ["ministryAdmin", "ministryAnalyst"];
const NOBODY: Actor[] = [];
const LIBRARY_READERS: Actor[] = ["platform", "ministryAdmin", "ministryAnalyst", "otherMinistry"];
const FRAMEWORK_CREATORS: Actor[] = ["platform", "ministryAdmin", "otherMinistry"];
const OWN_DRAFT = "/frameworks/demo-ministry-pilot/1.0.0";

const CITY = "/campaigns/pilot-2026/cities/330100";

/** Each submission intent needs its own permission; a stale version stops an allowed one before it changes anything. */
const INTENT_ALLOWED: Record<keyof typeof SUBMISSION_INTENTS, Actor[]> = {
  save: HANGZHOU_EDITORS,
  submit: ["cityApprover"],
  resubmit: ["cityApprover"],
  withdraw: ["cityApprover"],
  review: ["primaryLead", "primaryAssessor", "secondAssessor"],
  startReview: ["primaryLead", "primaryAssessor"],
  returnForCorrection: ["primaryLead", "primaryAssessor"],
  signOff: ["primaryLead"],
  reconcile: ["primaryLead"],
  notifyReady: HANGZHOU_EDITORS,
  explainFlag: HANGZHOU_EDITORS,
  resolveFlag: ["primaryLead", "primaryAssessor", "secondAssessor"],
};

export const ROUTE_POLICY: Record<string, { loader?: Probe[]; action?: Probe[] }> = {
  root: { loader: [{ method: "GET", path: "/login", allow: { public: "the document frame: language and, when signed in, the user's own name and navigation" } }] },
  "routes/healthz": { loader: [{ method: "GET", path: "/healthz", allow: { public: "liveness probe for the load balancer: says only that the process answers" } }] },
  "routes/readyz": { loader: [{ method: "GET", path: "/readyz", allow: { public: "readiness probe for the load balancer: names the checks that pass, never their errors" } }] },
  "routes/_index": { loader: [{ method: "GET", path: "/", allow: SIGNED_IN }] },
  "routes/login": {
    loader: [{ method: "GET", path: "/login", allow: { public: "the sign-in page" } }],
    action: [{ method: "POST", path: "/login", body: "malformed", allow: { public: "signing in" } }],
  },
  "routes/invitations.$id": {
    loader: [{ method: "GET", path: "/invitations/no-such-invitation", allow: { public: "the invitation's id is the credential; an unknown one is a 404 for everyone" } }],
    action: [{ method: "POST", path: "/invitations/no-such-invitation", body: {}, allow: { public: "the invitation's id is the credential" } }],
  },
  "routes/verify.$id": { loader: [{ method: "GET", path: "/verify/ZP-330100-000000000000", allow: { public: "anyone holding a report checks that it is genuine" } }] },
  "routes/verify._index": { loader: [{ method: "GET", path: "/verify", allow: { public: "the verification form the PDF sends readers to" } }] },
  "routes/settings.locale": {
    loader: [{ method: "GET", path: "/settings/locale", allow: { public: "a redirect" } }],
    action: [{ method: "POST", path: "/settings/locale", body: { locale: "zh-CN" }, allow: { public: "anonymous visitors choose their language too (a cookie)" } }],
  },
  "routes/api.auth.$": {
    loader: [
      { method: "GET", path: "/api/auth/get-session", allow: { public: "one's own session, or null" } },
      { method: "GET", path: "/api/auth/organization/list", allow: NOBODY },
    ],
    action: [
      { method: "POST", path: "/api/auth/organization/update", body: "json", allow: NOBODY },
      { method: "POST", path: "/api/auth/organization/update-member-role", body: "json", allow: NOBODY },
      { method: "POST", path: "/api/auth/sign-up/email", body: "json", allow: NOBODY },
      { method: "POST", path: "/api/auth/update-user", body: "json", allow: NOBODY },
    ],
  },
  "routes/api.v1.campaigns": { loader: [{ method: "GET", path: "/api/v1/campaigns", allow: NOBODY }] },
  "routes/api.v1.campaigns.$slug.ranking": { loader: [{ method: "GET", path: "/api/v1/campaigns/pilot-2026/ranking", allow: NOBODY }] },
  "routes/api.v1.openapi[.]json": { loader: [{ method: "GET", path: "/api/v1/openapi.json", allow: { public: "the API's contract: it describes endpoints and holds no data" } }] },
  "routes/api.v1.docs": { loader: [{ method: "GET", path: "/api/v1/docs", allow: { public: "the API's contract for people: endpoints, parameters, made-up examples" } }] },
  "routes/api.v1.campaigns.$slug.quality": { loader: [{ method: "GET", path: "/api/v1/campaigns/pilot-2026/quality", allow: NOBODY }] },
  "routes/dashboard": { loader: [{ method: "GET", path: "/dashboard", allow: SIGNED_IN }] },
  "routes/settings": {
    loader: [{ method: "GET", path: "/settings", allow: SIGNED_IN }],
    action: [{ method: "POST", path: "/settings", body: "malformed", allow: SIGNED_IN }],
  },
  "routes/members": {
    loader: [{ method: "GET", path: "/members", allow: MEMBERS }],
    action: [{ method: "POST", path: "/members", body: "malformed", allow: ["ministryAdmin", "otherMinistry", "primaryLead", "cityApprover"] }],
  },
  "routes/org.switch": {
    loader: [{ method: "GET", path: "/org/switch", allow: { public: "a redirect to the dashboard" } }],
    action: [{ method: "POST", path: "/org/switch", body: { organizationId: ":otherMinistryOrg" }, allow: ["otherMinistry"] }],
  },
  "routes/settings.api-tokens": {
    loader: [{ method: "GET", path: "/settings/api-tokens", allow: ["ministryAdmin", "otherMinistry"] }],
    action: [{ method: "POST", path: "/settings/api-tokens", body: "malformed", allow: ["ministryAdmin", "otherMinistry"] }],
  },
  "routes/admin.organizations": {
    loader: [{ method: "GET", path: "/admin/organizations", allow: ["platform"] }],
    action: [{ method: "POST", path: "/admin/organizations", body: "malformed", allow: ["platform"] }],
  },
  "routes/admin.onboarding": {
    loader: [{ method: "GET", path: "/admin/onboarding", allow: ["platform"] }],
    action: [
      { method: "POST", path: "/admin/onboarding?intent=check", body: "malformed", allow: ["platform"] },
      { method: "POST", path: "/admin/onboarding?intent=confirm", body: "malformed", allow: ["platform"] },
    ],
  },
  "routes/admin.onboarding.template[.]csv": { loader: [{ method: "GET", path: "/admin/onboarding/template.csv", allow: ["platform"] }] },
  "routes/admin.outbox": { loader: [{ method: "GET", path: "/admin/outbox", allow: ["platform"] }] },
  "routes/campaigns.new": {
    loader: [{ method: "GET", path: "/campaigns/new", allow: ["ministryAdmin", "otherMinistry"] }],
    action: [{ method: "POST", path: "/campaigns/new", body: "malformed", allow: ["ministryAdmin", "otherMinistry"] }],
  },
  "routes/campaigns.$slug": { loader: [{ method: "GET", path: "/campaigns/pilot-2026", allow: COHORT }] },
  "routes/campaigns.$slug._index": { loader: [{ method: "GET", path: "/campaigns/pilot-2026", allow: COHORT }] },
  "routes/campaigns.$slug.settings": {
    loader: [{ method: "GET", path: "/campaigns/pilot-2026/settings", allow: ["ministryAdmin"] }],
    action: [{ method: "POST", path: "/campaigns/pilot-2026/settings", body: "malformed", allow: ["ministryAdmin"] }],
  },
  "routes/campaigns.$slug.ranking._index": {
    loader: [{ method: "GET", path: "/campaigns/pilot-2026/ranking", allow: COHORT }],
    action: [{ method: "POST", path: "/campaigns/pilot-2026/ranking", body: "malformed", allow: ["ministryAdmin"] }],
  },
  "routes/campaigns.$slug.survey": {
    loader: [{ method: "GET", path: "/campaigns/pilot-2026/survey", allow: COHORT }],
    action: [
      { method: "POST", path: "/campaigns/pilot-2026/survey", body: "malformed", allow: ["ministryAdmin"] },
      { method: "POST", path: "/campaigns/pilot-2026/survey?intent=margins", body: "malformed", allow: ["ministryAdmin"] },
    ],
  },
  "routes/campaigns.$slug.survey.$code.responses[.]csv": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/survey/330100/responses.csv", allow: HANGZHOU_READERS }] },
  "routes/campaigns.$slug.survey.$code.responses[.]xlsx": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/survey/330100/responses.xlsx", allow: HANGZHOU_READERS }] },
  "routes/s.$slug.$code": {
    loader: [{ method: "GET", path: "/s/pilot-2026/340100", allow: { public: "citizens answer their city's survey anonymously" } }],
    action: [{ method: "POST", path: "/s/pilot-2026/340100", body: "malformed", allow: { public: "citizens answer their city's survey anonymously" } }],
  },
  "routes/s.$slug.$code.qr[.]svg": { loader: [{ method: "GET", path: "/s/pilot-2026/340100/qr.svg", allow: { public: "the QR code of a public link" } }] },
  "routes/s.$slug.$code.qr[.]png": { loader: [{ method: "GET", path: "/s/pilot-2026/340100/qr.png", allow: { public: "the QR code of a public link" } }] },
  "routes/api.v1.campaigns.$slug.survey": { loader: [{ method: "GET", path: "/api/v1/campaigns/pilot-2026/survey", allow: NOBODY }] },
  "routes/campaigns.$slug.audit": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/audit", allow: ["ministryAdmin", "ministryAnalyst", "primaryLead", "primaryAssessor", "secondAssessor"] }] },
  "routes/campaigns.$slug.quality": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/quality", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.quality.export": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/quality/export?format=csv", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.ranking.export": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/ranking/export?format=csv", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.compare": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/compare?c=330100&c=640100", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.report": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/report", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.reports._index": {
    loader: [{ method: "GET", path: "/campaigns/pilot-2026/reports", allow: OWNING_MINISTRY }],
    action: [{ method: "POST", path: "/campaigns/pilot-2026/reports", body: "malformed", allow: OWNING_MINISTRY }],
  },
  "routes/campaigns.$slug.reports.$batchId.zip": { loader: [{ method: "GET", path: "/campaigns/pilot-2026/reports/:batch/zip", allow: OWNING_MINISTRY }] },
  "routes/campaigns.$slug.cities.$code._index": {
    loader: [{ method: "GET", path: CITY, allow: HANGZHOU_READERS }],
    action: [
      { method: "POST", path: CITY, body: "malformed", allow: HANGZHOU_READERS },
      ...Object.entries(INTENT_ALLOWED).map(([intent, allow]): Probe => ({ method: "POST", path: CITY, body: { intent, version: "-1" }, allow })),
    ],
  },
  "routes/campaigns.$slug.cities.$code.profile": { loader: [{ method: "GET", path: `${CITY}/profile`, allow: HANGZHOU_READERS }] },
  "routes/campaigns.$slug.cities.$code.report": { loader: [{ method: "GET", path: `${CITY}/report`, allow: HANGZHOU_READERS }] },
  "routes/campaigns.$slug.cities.$code.evidence.$id": { loader: [{ method: "GET", path: `${CITY}/evidence/:evidence`, allow: HANGZHOU_READERS }] },
  "routes/campaigns.$slug.cities.$code.evidence": { action: [{ method: "POST", path: `${CITY}/evidence`, body: "malformed", allow: HANGZHOU_EDITORS }] },
  "routes/campaigns.$slug.cities.$code.import": {
    loader: [{ method: "GET", path: `${CITY}/import?format=csv`, allow: HANGZHOU_EDITORS }],
    action: [{ method: "POST", path: `${CITY}/import`, body: "malformed", allow: HANGZHOU_EDITORS }],
  },
  "routes/frameworks._index": {
    loader: [{ method: "GET", path: "/frameworks", allow: LIBRARY_READERS }],
    action: [
      { method: "POST", path: "/frameworks?index&intent=copy", body: "malformed", allow: FRAMEWORK_CREATORS },
      { method: "POST", path: "/frameworks?index&intent=import", body: "malformed", allow: FRAMEWORK_CREATORS },
    ],
  },
  "routes/frameworks.$id.$version._index": {
    loader: [
      // The shared version the demo campaign runs on: every ministry reads the shared library, the cohort reads its campaign's version.
      { method: "GET", path: "/frameworks/zhiping-pilot/1.0.0", allow: SIGNED_IN },
      // A shared version no campaign of theirs uses: ministries and the platform only.
      { method: "GET", path: "/frameworks/gbt-33356/2016.0.0", allow: LIBRARY_READERS },
      // The demo ministry's own draft: that ministry alone.
      { method: "GET", path: OWN_DRAFT, allow: OWNING_MINISTRY },
    ],
    action: [
      { method: "POST", path: OWN_DRAFT, body: "malformed", allow: ["ministryAdmin"] },
      { method: "POST", path: "/frameworks/zhiping-pilot/1.0.0", body: "malformed", allow: ["platform"] },
    ],
  },
  "routes/frameworks.$id.$version.edit": {
    loader: [{ method: "GET", path: `${OWN_DRAFT}/edit`, allow: ["ministryAdmin"] }],
    action: [{ method: "POST", path: `${OWN_DRAFT}/edit`, body: "malformed", allow: ["ministryAdmin"] }],
  },
  "routes/frameworks.$id.$version.export": {
    loader: [
      { method: "GET", path: "/frameworks/zhiping-pilot/1.0.0/export?format=json", allow: SIGNED_IN },
      { method: "GET", path: `${OWN_DRAFT}/export?format=xlsx`, allow: OWNING_MINISTRY },
    ],
  },
  "routes/frameworks.diff": {
    loader: [
      { method: "GET", path: "/frameworks/diff?from=zhiping-pilot@1.0.0&to=demo-ministry-pilot@1.0.0", allow: OWNING_MINISTRY },
      { method: "GET", path: "/frameworks/diff?from=gbt-33356@2016.0.0&to=zhiping-pilot@1.0.0", allow: LIBRARY_READERS },
    ],
    action: [{ method: "POST", path: "/frameworks/diff?from=zhiping-pilot@1.0.0&to=demo-ministry-pilot@1.0.0", body: "malformed", allow: ["ministryAdmin"] }],
  },
  // Last: its probe ends each actor's session.
  "routes/logout": {
    loader: [{ method: "GET", path: "/logout", allow: { public: "a redirect to the home page" } }],
    action: [{ method: "POST", path: "/logout", body: {}, allow: { public: "ending one's own session" } }],
  },
};

export { INTENT_ALLOWED };
