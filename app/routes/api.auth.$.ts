import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isPublicAuthEndpoint } from "~/features/access/index.server";
import { getAuth, readerLocale } from "~/features/accounts/index.server";
import { problem, refusal } from "~/features/i18n/index.server";

/**
 * better-auth's HTTP API, limited to sessions and password sign-in (PUBLIC_AUTH_ENDPOINTS): every
 * other endpoint answers 404, so organizations, members, invitations and accounts change only
 * through the app's own actions.
 */
async function handle(request: Request) {
  if (!isPublicAuthEndpoint(request.method, new URL(request.url).pathname)) throw refusal(await readerLocale(request), 404, problem("p_noAuthEndpoint"));
  return (await getAuth()).handler(request);
}

export const loader = ({ request }: LoaderFunctionArgs) => handle(request);
export const action = ({ request }: ActionFunctionArgs) => handle(request);
