// Amounts as people type them; the SDK formats them for display.
import { decimalAmount, minorDigits } from "@park/sdk";

export { formatMoney, minorDigits } from "@park/sdk";

/** "12.5" or "12,50" typed by a person → 1250; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** The amount as a person would type it back: 1250 → "12.50". */
export function moneyInput(cents: number, currency: string): string {
  return decimalAmount(cents, currency);
}
