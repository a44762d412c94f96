import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { verificationFor } from "~/features/reports/index.server";
import { VerifyPanel } from "~/features/reports";

/** Public: the address printed in every PDF; the reader types the report ID and hash here. */
export const loader = ({ request }: LoaderFunctionArgs) => verificationFor(request, undefined);

export default function VerifyPage() {
  const { id, hash, verdict } = useLoaderData<typeof loader>();
  return <VerifyPanel id={id} hash={hash} verdict={verdict} />;
}
