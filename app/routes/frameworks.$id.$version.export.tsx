import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFramework, refOf, requireFrameworkVersion } from "~/features/frameworks/index.server";
import { FRAMEWORK_FORMATS, type FrameworkFormat } from "~/features/frameworks";
import { problem, refusal } from "~/features/i18n";

/** GET ?format=json|xlsx|imeta: the version as a file, in any of the formats the library imports. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, version } = await requireFrameworkVersion(request, refOf(params), "read:framework");
  const format = new URL(request.url).searchParams.get("format") ?? "";
  if (!(FRAMEWORK_FORMATS as readonly string[]).includes(format)) throw refusal(user.locale, 400, problem("p_badFormat", { formats: FRAMEWORK_FORMATS.join(", "), got: format }));
  const file = await exportFramework(version.row.document, format as FrameworkFormat);
  return new Response(new Uint8Array(file.body), {
    headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`, "Cache-Control": "private, no-store" },
  });
}
