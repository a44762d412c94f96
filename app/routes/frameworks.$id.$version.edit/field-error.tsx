import { useActionData } from "@remix-run/react";
import type { EditorAction } from "./route";

/** The editor's answer to the last form posted with this intent (and node), if it was refused. */
export function useEditorErrors(intent: string, code?: string): Record<string, string> {
  const result = useActionData<EditorAction>();
  if (!result || result.ok || result.intent !== intent || (code !== undefined && result.code !== code)) return {};
  return result.errors;
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** Props that tie an input to its error for screen readers. */
export const errorProps = (id: string, error?: string) => (error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {});
