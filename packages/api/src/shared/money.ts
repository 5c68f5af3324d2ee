// Amounts travel and are stored as integer minor units of their currency.

const digits = new Map<string, number>();

/** How many decimal places the currency's minor unit stands for: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorDigits(currency: string): number {
  let found = digits.get(currency);
  if (found === undefined) {
    found = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, found);
  }
  return found;
}

/** The amount as a plain decimal, exactly: 1250 EUR → "12.50", 500 JPY → "500", -5 EUR → "-0.05". */
export function decimalAmount(minor: number, currency: string): string {
  const places = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(places + 1, "0");
  return places === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -places)}.${text.slice(-places)}`;
}
