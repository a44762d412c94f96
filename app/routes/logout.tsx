import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getAuth } from "~/utils/auth.server";
import { forwardCookies } from "~/utils/forms";

export async function action({ request }: ActionFunctionArgs) {
  const auth = await getAuth();
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  return redirect("/login", { headers: forwardCookies(response) });
}

export const loader = () => redirect("/");
