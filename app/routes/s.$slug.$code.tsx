import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { clientAddress } from "~/features/access/index.server";
import { localeFromRequest, localName, localText, problemText, useLocale, useT, type Problem } from "~/features/i18n";
import { deviceCookieHeader, deviceToken, hasAnswered, issueTicket, newDeviceToken, publicSurveyTarget, recordResponse, surveyPhase, type PublicSurveyTarget } from "~/features/survey/index.server";
import { HONEYPOT_FIELD, surveyLink } from "~/features/survey";
import { pageForm, SMALL_FORM_MAX_BYTES } from "~/platform/request-body.server";
import { getDb } from "~/platform/db.server";

/** Served without JavaScript: a plain form that a slow phone loads at once. */
export const handle = { scripts: false };

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

type Question = { field: string; scale: string; text: { zh: string; en: string }; options?: { value: string; label: { zh: string; en: string } }[] };

function questionsOf(target: PublicSurveyTarget): Question[] {
  return [
    ...target.indicators.flatMap((ind) => ind.survey.questions.map((q) => ({ field: `${ind.code}:${q.id}`, scale: q.scale, text: q.text, options: q.options?.map((o) => ({ value: o.value, label: o.label })) }))),
    ...target.survey.quotas.map((q) => ({ field: `quota:${q.id}`, scale: "choice", text: q.label, options: q.categories })),
  ];
}

async function formState(request: Request, params: { slug?: string; code?: string }) {
  const db = await getDb();
  const target = await publicSurveyTarget(db, params.slug ?? "", params.code ?? "");
  if (!target) throw new Response(null, { status: 404 });
  const existing = await deviceToken(request);
  const token = existing ?? newDeviceToken();
  const headers = existing ? undefined : { "Set-Cookie": await deviceCookieHeader(token) };
  return { db, target, token, headers, hadCookie: existing !== null };
}

function pageData(target: PublicSurveyTarget, token: string, state: "form" | "thanks" | "answered" | "scheduled" | "closed") {
  return {
    state,
    city: { name: target.cityName, nameEn: target.cityNameEn },
    campaign: { nameZh: target.campaign.nameZh, nameEn: target.campaign.nameEn },
    opensAt: target.survey.opensAt.toISOString(),
    action: surveyLink(target.campaign.slug, target.code ?? ""),
    ticket: state === "form" ? issueTicket({ campaignId: target.campaign.id, cityOrgId: target.cityOrgId }, token) : null,
    questions: state === "form" ? questionsOf(target) : [],
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, target, token, headers } = await formState(request, params);
  const phase = target.cityFrozen ? "frozen" : surveyPhase(target.survey);
  const state = phase === "scheduled" ? "scheduled" : phase !== "open" ? "closed" : new URL(request.url).searchParams.has("thanks") ? "thanks" : (await hasAnswered(db, target, token)) ? "answered" : "form";
  return Response.json(pageData(target, token, state), { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeFromRequest(request);
  const form = await pageForm(request, locale, SMALL_FORM_MAX_BYTES);
  const { db, target, token, headers, hadCookie } = await formState(request, params);
  const answers = Object.fromEntries([...form].filter(([k]) => k.includes(":")).map(([k, v]) => [k, String(v)]));
  const again = (problem: Problem | null, errors: Record<string, Problem> = {}, status = 400) =>
    Response.json({ ...pageData(target, token, "form"), answers, problem: problem && problemText(locale, problem), errors: Object.fromEntries(Object.entries(errors).map(([f, p]) => [f, problemText(locale, p)])) }, { status, headers });
  // A browser that did not keep the cookie set with the form cannot be told apart from a new device.
  if (!hadCookie) return again({ key: "p_surveyNeedsCookie" });
  const outcome = await recordResponse(db, target, { token, ticket: String(form.get("ticket") ?? ""), form, address: clientAddress(request) });
  switch (outcome.kind) {
    case "recorded":
      return new Response(null, { status: 303, headers: { Location: `${surveyLink(target.campaign.slug, target.code ?? "")}?thanks` } });
    case "already-answered":
      return Response.json(pageData(target, token, "answered"), { status: 409 });
    case "closed":
      return Response.json(pageData(target, token, "closed"), { status: 409 });
    case "expired":
      return again({ key: "p_surveyFormExpired" });
    case "rate-limited":
      return again({ key: "p_surveyRateLimited", vars: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) } }, {}, 429);
    case "invalid":
      return again({ key: "p_surveyAnswersIncomplete", vars: { count: outcome.problems.length } }, Object.fromEntries(outcome.problems.map((p) => [p.field, p.problem])));
  }
}

const SCALES: Record<string, number[]> = { likert5: [1, 2, 3, 4, 5], yesno: [1, 0], scale0to10: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };

export default function PublicSurveyPage() {
  const loaded = useLoaderData<ReturnType<typeof pageData>>();
  const acted = useActionData<ReturnType<typeof pageData> & { answers?: Record<string, string>; problem?: string | null; errors?: Record<string, string> }>();
  const data = acted ?? loaded;
  const t = useT();
  const locale = useLocale();
  const city = localName(locale, data.city.name, data.city.nameEn);
  const optionLabel = (scale: string, v: number) => (scale === "likert5" ? t(`surveyLikert_${v}` as "surveyLikert_1") : scale === "yesno" ? t(v ? "surveyYes" : "surveyNo") : String(v));
  const given = (acted && "answers" in acted ? acted.answers : undefined) ?? {};
  const errors = (acted && "errors" in acted ? acted.errors : undefined) ?? {};
  return (
    <div className="survey-page">
      <h1>{t("surveyPublicTitle", { city })}</h1>
      <p className="muted">{localName(locale, data.campaign.nameZh, data.campaign.nameEn)}</p>
      {data.state === "thanks" ? (
        <section className="card" role="status">
          <h2>{t("surveyThanksTitle")}</h2>
          <p>{t("surveyThanksBody")}</p>
        </section>
      ) : data.state === "answered" ? (
        <p className="card" role="status">{t("surveyAlreadyAnswered")}</p>
      ) : data.state === "scheduled" ? (
        <p className="card" role="status">{t("surveyNotOpenYet", { date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "Asia/Shanghai" }).format(new Date(data.opensAt)) })}</p>
      ) : data.state === "closed" ? (
        <p className="card" role="status">{t("surveyClosedPublic")}</p>
      ) : (
        <Form method="post" action={data.action} className="survey-form" noValidate>
          <p>{t("surveyIntro")}</p>
          {acted && "problem" in acted && acted.problem ? (
            <p role="alert" className="error">
              {acted.problem}
            </p>
          ) : null}
          <input type="hidden" name="ticket" value={data.ticket ?? ""} />
          <div className="survey-honeypot" aria-hidden="true">
            <label>
              {t("surveyHoneypot")} <input type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
            </label>
          </div>
          {data.questions.map((q, i) => (
            <fieldset key={q.field} className="survey-question" aria-describedby={errors[q.field] ? `${q.field}-error` : undefined}>
              <legend>
                <span className="survey-progress">{t("surveyProgress", { n: i + 1, total: data.questions.length })}</span> {localText(locale, q.text)}
              </legend>
              {errors[q.field] ? (
                <p id={`${q.field}-error`} className="error">
                  {errors[q.field]}
                </p>
              ) : null}
              <div className={q.scale === "scale0to10" ? "survey-options survey-scale" : "survey-options"}>
                {(q.options ?? SCALES[q.scale]!.map((v) => ({ value: String(v), label: null }))).map((o) => (
                  <label key={o.value} className="survey-option">
                    <input type="radio" name={q.field} value={o.value} defaultChecked={given[q.field] === o.value} required /> {o.label ? localText(locale, o.label) : optionLabel(q.scale, Number(o.value))}
                  </label>
                ))}
              </div>
              {q.scale === "scale0to10" ? <p className="muted survey-anchors">{t("surveyScaleAnchors")}</p> : null}
            </fieldset>
          ))}
          <p className="muted">{t("surveyPrivacy")}</p>
          <button type="submit">{t("surveySubmit")}</button>
        </Form>
      )}
    </div>
  );
}
