/** The address citizens open for one city's survey in a campaign (and the QR code holds). */
export const surveyLink = (slug: string, code: string) => `/s/${encodeURIComponent(slug)}/${encodeURIComponent(code)}`;

/** The form field a person never fills: it sits off-screen, labelled as not to be filled. */
export const HONEYPOT_FIELD = "website";
