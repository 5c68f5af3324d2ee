// Amounts travel as integer minor units. They are turned into decimal strings
// for Intl (which formats numeric strings exactly), so no float ever holds money.

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let found = formatters.get(currency);
  if (!found) {
    found = new Intl.NumberFormat(undefined, { style: "currency", currency });
    formatters.set(currency, found);
  }
  return found;
}

/** How many minor units make the currency's decimal places (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return formatter(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

function toDecimal(minor: number, digits: number): `${number}` {
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  if (digits === 0) return `${sign}${text}` as `${number}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` as `${number}`;
}

export function formatMoney(cents: number, currency: string): string {
  return formatter(currency).format(toDecimal(cents, minorDigits(currency)));
}

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
  return toDecimal(cents, minorDigits(currency));
}
