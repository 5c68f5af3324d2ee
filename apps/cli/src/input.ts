// Option values as people type them, read into what the API takes. Each
// parser throws commander's InvalidArgumentError, which ends in exit code 2.
import { InvalidArgumentError } from "@commander-js/extra-typings";

const localTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant: ISO 8601 with a zone (`2026-05-01T09:00Z`, `…+02:00`), or a
 * local time of this computer (`2026-05-01T09:00`, `2026-05-01 09:00`), as
 * the web app reads the times typed into it.
 */
export function parseInstant(value: string): Date {
  const local = localTime.exec(value.trim());
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    const date = new Date(year, month - 1, day, hour, minute, second);
    // Date rolls 31 February over into March, and a time skipped by a clock change into the next hour.
    if (date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour || date.getMinutes() !== minute) {
      throw new InvalidArgumentError(`${value} is not a time on this computer's calendar and clock.`);
    }
    return date;
  }
  if (isoWithZone.test(value.trim())) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new InvalidArgumentError("Use YYYY-MM-DDTHH:mm (this computer's time) or ISO 8601 with a zone, e.g. 2026-05-01T09:00Z.");
}

/** A calendar day, `YYYY-MM-DD`, as reports take it (each lot reads it in its own timezone). */
export function parseDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError("Use YYYY-MM-DD.");
  return value;
}

/** `lat,lng` in degrees. */
export function parseNear(value: string): { lat: number; lng: number } {
  const parts = value.split(",").map((part) => part.trim());
  const [lat, lng] = parts.map(Number);
  if (parts.length !== 2 || parts.some((part) => part === "") || !Number.isFinite(lat) || !Number.isFinite(lng)) {
    throw new InvalidArgumentError("Use latitude,longitude in degrees, e.g. 38.71,-9.14.");
  }
  return { lat: lat!, lng: lng! };
}

export function parsePositive(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError("Must be a number above 0.");
  return number;
}

/** A page size: 1 to 100. */
export function parseLimit(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 100) throw new InvalidArgumentError("Must be a whole number from 1 to 100.");
  return number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value names a record by id rather than by name or plate. */
export const isId = (value: string) => uuid.test(value);

/** A plate as the server stores it: upper case, without spaces or dashes. */
export const normalPlate = (plate: string) => plate.toUpperCase().replace(/[\s-]/g, "");
