import { useCallback, useState, type FormEvent } from "react";
import { submitFailure, type Errors } from "./formErrors.ts";

/** Thrown by a submit action that finds a problem before asking the server. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly errors: Errors = {},
  ) {
    super(message);
  }
}

interface SubmitState {
  busy: boolean;
  /** Messages per field, from the server's validation or the form's own checks. */
  errors: Errors;
  /** One line for the whole form. */
  message: string | null;
}

const idle: SubmitState = { busy: false, errors: {}, message: null };

/**
 * The one way forms submit: busy while the action runs, and on failure the
 * server's per-field messages plus a form-level message. An action that
 * navigates away may leave `busy` set; the form is gone by then.
 */
export function useSubmit(action: (form: FormData, element: HTMLFormElement) => Promise<unknown>) {
  const [state, setState] = useState<SubmitState>(idle);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    // The button that sent the form comes along, as a plain form post would send it.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    setState({ busy: true, errors: {}, message: null });
    try {
      await action(new FormData(element, submitter), element);
      setState(idle);
    } catch (caught) {
      setState({ busy: false, ...(caught instanceof Refusal ? { errors: caught.errors, message: caught.message } : submitFailure(caught)) });
    }
  };

  /** Forgets the last failure, when what it was about has changed. */
  const clear = useCallback(() => setState((current) => (current.busy ? current : idle)), []);

  return { ...state, onSubmit, clear };
}
