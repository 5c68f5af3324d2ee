import { getCountryForTimezone } from "countries-and-timezones";
import countryToCurrency from "country-to-currency";

/**
 * The currency a new lot charges in when its creator names none: that of the
 * country its timezone belongs to (Europe/Lisbon: EUR), else the configured
 * default.
 */
export function currencyForTimezone(timezone: string | undefined, fallback: string): string {
  const country = timezone ? getCountryForTimezone(timezone) : null;
  const currency = country ? (countryToCurrency as Record<string, string | undefined>)[country.id] : undefined;
  return currency ?? fallback;
}
