import type { LoaderFunctionArgs } from "@remix-run/node";
import { onboardingTemplateCsv } from "~/features/accounts/index.server";
import { requireUserWithPermission } from "~/features/access/index.server";

/** The bulk onboarding template, headers in the reader's language, with an example row of each kind. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:organizations", { type: "platform" });
  const name = user.locale === "en" ? "onboarding-template.csv" : "批量开通模板.csv";
  return new Response(new Uint8Array(onboardingTemplateCsv(user.locale)), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}` },
  });
}
