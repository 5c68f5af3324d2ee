import type { RouterOutputs } from "./client.ts";

// What every client shows people the same way. Amounts travel as integer
// minor units of their currency and reach Intl as decimal strings, which it
// formats exactly, so no float ever holds money.

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format;
}

/** How many decimal places the currency's minor unit stands for: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorDigits(currency: string): number {
  return currencyFormat(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
}

/** The amount as a plain decimal, exactly: 1250 EUR → "12.50", 500 JPY → "500", -5 EUR → "-0.05". */
export function decimalAmount(minor: number, currency: string): `${number}` {
  const places = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(places + 1, "0");
  return (places === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -places)}.${text.slice(-places)}`) as `${number}`;
}

/** 1250 EUR → "€12.50" (in `locale`, by default the runtime's). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  return currencyFormat(currency, locale).format(decimalAmount(minor, currency));
}

/** "2 d 3 h 5 min", "7 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes === 0) return "under a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : "", hours ? `${hours} h` : "", rest ? `${rest} min` : ""].filter(Boolean).join(" ");
}

export type SpotKind = RouterOutputs["spots"]["list"]["items"][number]["kind"];

export const spotKinds: readonly SpotKind[] = ["standard", "compact", "ev", "accessible", "motorcycle"];

export const spotKindLabel: Record<SpotKind, string> = {
  standard: "Standard",
  compact: "Compact",
  ev: "EV charging",
  accessible: "Accessible",
  motorcycle: "Motorcycle",
};

export type VehicleType = RouterOutputs["vehicles"]["list"][number]["type"];

export const vehicleTypes: readonly VehicleType[] = ["car", "motorcycle", "van"];

export const vehicleTypeLabel: Record<VehicleType, string> = { car: "Car", motorcycle: "Motorcycle", van: "Van" };
