import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

export interface SaveResult {
  /** What the server did, for the message that names it ("已提交", "已签发"). */
  done?: string;
  saved?: number;
  versions?: Record<string, number>;
  warnings?: { code: string; message: string }[];
  /** Nothing was saved because of these fields. */
  invalid?: { code: string; message: string }[];
  /** An autosave kept the other fields and left these out. */
  unsaved?: { code: string; message: string }[];
  conflicts?: { code: string; yours: { value: number | null }; theirs: { value: number | null; by: string; at: string } }[];
  error?: string;
}

/** Whether a save went through (nothing refused, no conflict); `unsaved` fields may still be left over. */
export const saveWentThrough = (r: SaveResult | undefined): r is SaveResult => !!r && r.saved !== undefined && !r.invalid && !r.conflicts && !r.error;

/** Whether a save stored everything it was sent. */
export const storedEverything = (r: SaveResult | undefined) => saveWentThrough(r) && !r.unsaved?.length;

/**
 * Saves a draft form in the background a moment after the last edit, with the same "save" intent
 * as the explicit button (so the server's conflict rules apply unchanged). A field that cannot be
 * read is reported and left out while the others are saved; a conflict or a refusal stops
 * autosaving until the person saves explicitly: it is shown, never retried over someone else's work.
 */
export function useAutosave(form: React.RefObject<HTMLFormElement | null>, enabled: boolean, delayMs = 2500) {
  const fetcher = useFetcher<SaveResult>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [stopped, setStopped] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  // Edits are counted so a save that finishes while the person kept typing does not count as clean.
  const edits = useRef(0);
  const sentAt = useRef(0);
  const [dirty, setDirty] = useState(false);
  const busy = fetcher.state !== "idle";
  const busyNow = useRef(busy);
  busyNow.current = busy;

  const cancel = useCallback(() => clearTimeout(timer.current), []);
  const fire = useCallback(() => {
    const el = form.current;
    if (!el) return;
    clearTimeout(timer.current);
    // One save at a time: the next one must start from the versions this one produces.
    if (busyNow.current) {
      timer.current = setTimeout(fire, 300);
      return;
    }
    const body = new FormData(el);
    body.set("intent", "save");
    body.set("autosave", "1");
    sentAt.current = edits.current;
    fetcher.submit(body, { method: "post" });
  }, [fetcher, form]);

  /** Call on every edit of a saved field. */
  const schedule = useCallback(() => {
    if (!enabled) return;
    edits.current += 1;
    setDirty(true);
    if (stopped) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(fire, delayMs);
  }, [enabled, stopped, fire, delayMs]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const r = fetcher.data;
    if (saveWentThrough(r)) setSavedAt(new Date());
    else setStopped(true);
    if (storedEverything(r) && sentAt.current === edits.current) setDirty(false);
  }, [fetcher.state, fetcher.data]);
  useEffect(() => cancel, [cancel]);

  /** After an explicit save the person has seen the outcome; autosave may resume. */
  const resume = useCallback(() => {
    cancel();
    setStopped(false);
  }, [cancel]);

  /** An explicit save stored everything typed so far (typing since then counts again). */
  const markSaved = useCallback(() => {
    sentAt.current = edits.current;
    setDirty(false);
  }, []);

  return {
    result: fetcher.state === "idle" ? fetcher.data : undefined,
    ownVersions: fetcher.data?.versions,
    busy,
    savedAt,
    stopped,
    /** Edits not yet stored (typed within the delay, being saved, or refused). */
    dirty,
    schedule,
    /** Saves now instead of after the delay (leaving the page). */
    flush: fire,
    resume,
    markSaved,
  };
}

/**
 * React keys for each indicator's inputs: they change when a value's version changes by someone
 * else's hand (a colleague, an import), so the inputs show what is stored, and stay put when the
 * change is this page's own save, so typing and focus survive an autosave.
 */
export function useRowKeys(versions: Record<string, number>, ownSaves: (Record<string, number> | undefined)[]) {
  const own = useRef(new Map<string, number>());
  const keys = useRef(new Map<string, string>());
  for (const saves of ownSaves) for (const [code, v] of Object.entries(saves ?? {})) own.current.set(code, v);
  return (code: string) => {
    const version = versions[code] ?? 0;
    const known = keys.current.get(code);
    if (known && (known === `${code}:${version}` || own.current.get(code) === version)) return known;
    const key = `${code}:${version}`;
    keys.current.set(code, key);
    return key;
  };
}
