import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { authSecret } from "../../platform/auth-secret.server";
import { getEnv, publicUrl } from "../../platform/env.server";

/**
 * One answer per device without knowing who anyone is: the device keeps a random token in a signed
 * cookie, the server keeps only a keyed hash of it beside the answers (a unique key of the table).
 */
const deviceCookie = () =>
  createCookie("zp_survey_device", {
    path: "/s",
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl(getEnv()).startsWith("https:"),
    maxAge: 365 * 24 * 3600,
    secrets: [authSecret().secret],
  });

const keyed = (purpose: string, value: string) => createHmac("sha256", authSecret().secret).update(`${purpose}\0${value}`).digest("base64url");

/** The device token the request's cookie carries, if its signature holds. */
export async function deviceToken(request: Request): Promise<string | null> {
  const value = (await deviceCookie().parse(request.headers.get("cookie"))) as unknown;
  return typeof value === "string" && /^[A-Za-z0-9_-]{22,64}$/.test(value) ? value : null;
}

export const newDeviceToken = () => randomBytes(18).toString("base64url");

export const deviceCookieHeader = (token: string) => deviceCookie().serialize(token);

/** What the response table stores for a device: not reversible to the token without the server's secret. */
export const deviceHash = (token: string) => keyed("survey-device", token);

/** A keyed hash of a client address for the per-address counter: the address itself is never stored. */
export const addressKey = (campaignId: string, address: string) => keyed("survey-address", `${campaignId}\0${address}`);

/**
 * The form's ticket: when it was served, to which device, for which city, signed. It gives the
 * completion time without trusting the client's clock, and cannot be reused on another device.
 */
export function issueTicket(target: { campaignId: string; cityOrgId: string }, token: string, now = Date.now()): string {
  return `${now}.${keyed("survey-ticket", `${target.campaignId}\0${target.cityOrgId}\0${token}\0${now}`)}`;
}

/** The time the ticket was issued, or null when it is not one this server issued for this device and city. */
export function readTicket(ticket: string, target: { campaignId: string; cityOrgId: string }, token: string): number | null {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const expected = Buffer.from(keyed("survey-ticket", `${target.campaignId}\0${target.cityOrgId}\0${token}\0${match[1]}`));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? Number(match[1]) : null;
}
