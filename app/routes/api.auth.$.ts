import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getAuth } from "~/features/accounts/index.server";

/** better-auth's own HTTP API (sessions, organizations, invitations) for scripts and clients. */
export async function loader({ request }: LoaderFunctionArgs) {
  return (await getAuth()).handler(request);
}

export async function action({ request }: ActionFunctionArgs) {
  return (await getAuth()).handler(request);
}
