import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { verificationFor } from "~/features/reports/index.server";
import { VerifyPanel } from "~/features/reports";

/** Public: anyone holding a report can confirm it here, no account needed. */
export const loader = ({ params, request }: LoaderFunctionArgs) => verificationFor(request, params.id!);

export default function VerifyReportPage() {
  const { id, hash, verdict } = useLoaderData<typeof loader>();
  return <VerifyPanel id={id} hash={hash} verdict={verdict} />;
}
