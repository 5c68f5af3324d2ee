import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  name: string;
  errors?: string[] | undefined;
  hint?: ReactNode;
  /** Filters are all optional; saying so on each would be noise. */
  hideOptional?: boolean;
}

/** A labelled input whose hint and errors are announced with it. */
export function Field({ label, name, errors, hint, required, hideOptional, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required || hideOptional ? null : <span className="optional"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="alert alert-error">
      {message}
    </p>
  ) : null;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "children"> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  errors?: string[] | undefined;
  hint?: ReactNode;
  hideOptional?: boolean;
}

/** A labelled drop-down whose hint and errors are announced with it. */
export function SelectField({ label, name, options, errors, hint, required, hideOptional, ...select }: SelectFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required || hideOptional ? null : <span className="optional"> (optional)</span>}
      </label>
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="status" className="alert alert-success">
      {message}
    </p>
  ) : null;
}
