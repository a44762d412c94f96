import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getAuth } from "~/features/accounts/index.server";
import { forwardCookies, parseForm } from "~/platform/forms";
import { requireUserWithPermission } from "~/features/access/index.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(z.object({ organizationId: z.string().min(1) }), form);
  if (parsed.errors) throw new Response("organizationId is required", { status: 400 });
  await requireUserWithPermission(request, "switch:organization", { type: "organization", orgId: parsed.data.organizationId });
  const auth = await getAuth();
  const response = await auth.api.setActiveOrganization({ headers: request.headers, body: { organizationId: parsed.data.organizationId }, asResponse: true });
  if (!response.ok) throw new Response("Could not switch organization", { status: 400 });
  return redirect("/dashboard", { headers: forwardCookies(response) });
}

export const loader = () => redirect("/dashboard");
