import { useRevalidator } from "@remix-run/react";
import { useCallback, useState } from "react";

/** What a JSON endpoint of ours answered, or the text of a refusal that came as plain text (a 403, a 413 from the server's guard). */
export type JsonPostResult<T> = T | { ok: false; error: string };

/**
 * Posts a form to one of the app's JSON endpoints (evidence, import) and keeps its answer, whatever
 * its status: those endpoints answer refusals with the status that says what happened (400, 409,
 * 413), which a Remix fetcher would take for a crash and hand to the error boundary. After a
 * success the page's data is read again, as a fetcher would.
 */
export function useJsonPost<T>(networkError: string) {
  const revalidator = useRevalidator();
  const [busy, setBusy] = useState(false);
  const [data, setData] = useState<JsonPostResult<T>>();
  const submit = useCallback(
    async (action: string, body: FormData) => {
      setBusy(true);
      try {
        const response = await fetch(action, { method: "POST", body, headers: { accept: "application/json" } });
        const json = response.headers.get("content-type")?.startsWith("application/json");
        setData(json ? ((await response.json()) as JsonPostResult<T>) : { ok: false, error: await response.text() });
        if (response.ok) revalidator.revalidate();
      } catch {
        setData({ ok: false, error: networkError });
      } finally {
        setBusy(false);
      }
    },
    [networkError, revalidator],
  );
  return { busy, data, submit };
}
