import { errorCode, fieldErrors } from "@park/sdk";
import { messageOf } from "../api.ts";

/** Messages per input name, as the server's validation reports them. */
export type Errors = Record<string, string[] | undefined>;

export const correctTheFields = "Please correct the highlighted fields.";

/**
 * What to show for a rejected submit: the server's per-field messages, and a
 * form-level message that points at them when there are any to point at.
 */
export function submitFailure(caught: unknown): { errors: Errors; message: string } {
  const errors = fieldErrors(caught);
  const message = errorCode(caught) === "BAD_REQUEST" && Object.keys(errors).length ? correctTheFields : messageOf(caught);
  return { errors, message };
}
