import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { pageForm } from "~/platform/request-body.server";
import { z } from "zod";
import { getAuth } from "~/features/accounts/index.server";
import { forwardCookies, parseForm } from "~/platform/forms";
import { requireUser, requireUserWithPermission } from "~/features/access/index.server";
import { refusal, problem } from "~/features/i18n";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(z.object({ organizationId: z.string().min(1) }), await pageForm(request, user.locale));
  if (parsed.errors) throw refusal(user.locale, 400, problem("p_orgRequired"));
  await requireUserWithPermission(request, "switch:organization", { type: "organization", orgId: parsed.data.organizationId });
  const auth = await getAuth();
  const response = await auth.api.setActiveOrganization({ headers: request.headers, body: { organizationId: parsed.data.organizationId }, asResponse: true });
  if (!response.ok) throw refusal(user.locale, 400, problem("p_orgSwitchFailed"));
  return redirect("/dashboard", { headers: forwardCookies(response) });
}

export const loader = () => redirect("/dashboard");
