import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

interface FrameProps {
  label: string;
  name: string;
  errors?: string[] | undefined;
  hint?: ReactNode;
  required?: boolean | undefined;
  /** Filters are all optional; saying so on each would be noise. */
  hideOptional?: boolean;
}

/** What the control inside a frame needs so its label, hint and errors are announced with it. */
interface ControlProps {
  id: string;
  name: string;
  required: boolean | undefined;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** The label, hint and errors around one form control. */
function FieldFrame({ label, name, errors, hint, required, hideOptional, control }: FrameProps & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required || hideOptional ? null : <span className="optional"> (optional)</span>}
      </label>
      {control({
        id,
        name,
        required,
        "aria-invalid": errorId ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      })}
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

type FieldProps = FrameProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | keyof FrameProps>;

/** A labelled input whose hint and errors are announced with it. */
export function Field({ label, name, errors, hint, required, hideOptional, ...input }: FieldProps) {
  return <FieldFrame {...{ label, name, errors, hint, required, hideOptional }} control={(props) => <input {...props} {...input} />} />;
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="alert alert-error">
      {message}
    </p>
  ) : null;
}

type SelectFieldProps = FrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "children" | keyof FrameProps> & {
    options: readonly { value: string; label: string }[];
  };

/** A labelled drop-down whose hint and errors are announced with it. */
export function SelectField({ label, name, options, errors, hint, required, hideOptional, ...select }: SelectFieldProps) {
  return (
    <FieldFrame
      {...{ label, name, errors, hint, required, hideOptional }}
      control={(props) => (
        <select {...props} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="status" className="alert alert-success">
      {message}
    </p>
  ) : null;
}
