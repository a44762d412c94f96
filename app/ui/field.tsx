/** A labelled form field with its server-side error, wired for screen readers. */
export function Field({ id, name, label, error, type = "text", defaultValue, ...rest }: { id: string; name: string; label: string; error?: string; type?: string; defaultValue?: string | number } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type" | "defaultValue">) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type={type} defaultValue={defaultValue} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined} {...rest} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
