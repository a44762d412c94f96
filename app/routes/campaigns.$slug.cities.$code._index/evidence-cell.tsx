import { useRef } from "react";
import { useJsonPost } from "~/ui/use-json-post";
import { formatBytes } from "~/ui/format-bytes";
import { useT, termKey } from "~/features/i18n";

export interface EvidenceView {
  id: string;
  kind: "file" | "link";
  name: string;
  size: number | null;
  url: string | null;
  uploadedBy: string;
  verdict: { verdict: string; comment: string } | null;
}


/**
 * One indicator's evidence on the submission page. It sits inside the page's values form, so its
 * uploads are posted by script (no nested form) and its inputs carry no names: saving values
 * never sends them, and an upload never drops values typed but not yet saved.
 */
export function EvidenceCell({
  code,
  items,
  mandatory,
  action,
  downloadBase,
  editable,
  judging,
  maxLabel,
}: {
  code: string;
  items: EvidenceView[];
  mandatory: boolean;
  action: string;
  downloadBase: string;
  editable: boolean;
  judging: boolean;
  maxLabel: string;
}) {
  const t = useT();
  const post = useJsonPost<{ ok: true; id: string | null }>(t("networkError"));
  const file = useRef<HTMLInputElement>(null);
  const url = useRef<HTMLInputElement>(null);
  const title = useRef<HTMLInputElement>(null);
  const send = (intent: "upload" | "link" | "remove", extra: Record<string, string | Blob>) => {
    const body = new FormData();
    body.set("intent", intent);
    body.set("indicator", code);
    for (const [k, v] of Object.entries(extra)) body.set(k, v);
    void post.submit(action, body);
  };
  const busy = post.busy;
  return (
    <div className="evidence-cell" data-testid={`evidence-${code}`}>
      {items.length ? (
        <ul className="evidence-list">
          {items.map((e) => (
            <li key={e.id}>
              {e.kind === "file" ? (
                <a href={`${downloadBase}/${e.id}`} download={e.name}>
                  {e.name}
                </a>
              ) : (
                <a href={e.url!} target="_blank" rel="noreferrer noopener">
                  {e.name}
                </a>
              )}{" "}
              <span className="muted">{e.kind === "file" ? formatBytes(e.size ?? 0) : t("evidenceLinkBadge")}</span>
              {e.verdict && !judging ? (
                <span className={`badge verdict-${e.verdict.verdict}`}>
                  {t(termKey("verdict", e.verdict.verdict))}
                  {e.verdict.comment ? `：${e.verdict.comment}` : ""}
                </span>
              ) : null}
              {editable ? (
                <button type="button" className="link-button" disabled={busy} onClick={() => send("remove", { evidence: e.id })} aria-label={`${t("evidenceRemove")} ${e.name}`}>
                  {t("evidenceRemove")}
                </button>
              ) : null}
              {judging ? (
                <span className="verdict-inputs">
                  <input type="hidden" name={`evn:${e.id}`} value={e.name} />
                  <select name={`ev:${e.id}`} aria-label={`${t("evidenceVerdict")} ${e.name}`} defaultValue={e.verdict?.verdict ?? ""}>
                    <option value="">—</option>
                    <option value="sufficient">{t("verdict_sufficient")}</option>
                    <option value="insufficient">{t("verdict_insufficient")}</option>
                    <option value="not_relevant">{t("verdict_not_relevant")}</option>
                  </select>
                  <input name={`evc:${e.id}`} aria-label={`${t("evidenceComment")} ${e.name}`} placeholder={t("evidenceComment")} defaultValue={e.verdict?.comment ?? ""} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className={mandatory ? "form-error" : "muted"}>
          {t("evidenceNone")}
          {mandatory ? ` · ${t("evidenceMandatory")}` : ""}
        </p>
      )}
      {editable ? (
        <div className="evidence-add">
          <div className="evidence-upload">
            <input ref={file} type="file" aria-label={`${code} ${t("evidenceFile")}`} title={t("evidenceRules", { limit: maxLabel })} accept=".pdf,.png,.jpg,.jpeg,.webp,.xlsx,.csv,.docx" />
            <button type="button" disabled={busy} onClick={() => file.current?.files?.[0] && send("upload", { file: file.current.files[0] })}>
              {busy ? t("evidenceUploading") : t("evidenceUpload")}
            </button>
          </div>
          {/* Links are the exception (most evidence is a file), so their fields stay folded until asked for. */}
          <details className="evidence-link">
            <summary>{t("evidenceAddLink")}</summary>
            <input ref={url} type="url" aria-label={`${code} ${t("evidenceLinkUrl")}`} placeholder="https://" />
            <input ref={title} aria-label={`${code} ${t("evidenceLinkTitle")}`} placeholder={t("evidenceLinkTitle")} />
            <button type="button" disabled={busy} onClick={() => url.current?.value && send("link", { url: url.current.value, title: title.current?.value ?? "" })}>
              {t("evidenceAddLink")}
            </button>
          </details>
        </div>
      ) : null}
      {post.data && !post.data.ok && !busy ? (
        <p className="form-error" role="alert">
          {post.data.error}
        </p>
      ) : null}
    </div>
  );
}
