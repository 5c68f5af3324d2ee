import { useEffect, useId, useRef, type ReactNode } from "react";
import { FormError } from "./Field.tsx";
import { useSubmit } from "../lib/useSubmit.ts";

interface ConfirmDialogProps {
  title: string;
  /** What confirming will do, in words. */
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** Styles the confirm button as a warning, for deleting or locking out. */
  danger?: boolean;
  /** Runs on confirm; a failure stays in the dialog, in words. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

/**
 * A modal question before a change that is hard to undo. The native dialog
 * keeps focus inside and the page behind inert; Escape or Cancel closes it.
 */
export function ConfirmDialog({ title, children, confirmLabel, busyLabel, danger = false, onConfirm, onClose }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onSubmit, busy, message } = useSubmit(onConfirm);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={onSubmit} className="stack-tight">
        <h2 id={titleId}>{title}</h2>
        <div>{children}</div>
        <FormError message={message} />
        <div className="actions">
          <button type="submit" className={danger ? "button button-danger" : "button"} disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
          {/* Cancel takes the focus first, so Enter on opening never confirms by accident. */}
          <button type="button" className="button button-quiet" onClick={onClose} disabled={busy} autoFocus>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
