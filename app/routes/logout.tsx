import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getAuth } from "~/features/accounts/index.server";
import { forwardCookies } from "~/platform/forms";

export async function action({ request }: ActionFunctionArgs) {
  const auth = await getAuth();
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  return redirect("/login", { headers: forwardCookies(response) });
}

export const loader = () => redirect("/");
