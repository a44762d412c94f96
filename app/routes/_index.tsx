import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSessionUser } from "~/features/accounts/index.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getSessionUser(request)) ? "/dashboard" : "/login");
}
