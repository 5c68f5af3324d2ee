type Tone = "ok" | "bad" | "info" | "warn" | "neutral";

const tones: Record<string, Tone> = {
  confirmed: "info",
  checked_in: "ok",
  active: "ok",
  completed: "neutral",
  cancelled: "bad",
  expired: "warn",
  paid: "ok",
  waived: "ok",
  unpaid: "warn",
  disabled: "bad",
  running: "info",
  succeeded: "ok",
  failed: "bad",
  pending: "info",
  sent: "ok",
  dead: "bad",
};

/** A status word in a coloured pill; the word carries the meaning, the colour only helps. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${tones[status] ?? "neutral"}`}>{label ?? status}</span>;
}
