// What each kind of notification carries. A payload holds ids and the few
// facts no record keeps (which spot a booking moved from, the period of a
// report); composing the mail reads everything else from the database when it
// is sent, so a message shows the records as they are then.
import { z } from "zod";

const uuid = z.uuid();
const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const notificationPayloads = {
  "reservation.confirmed": z.object({ reservationId: uuid }),
  "reservation.cancelled": z.object({ reservationId: uuid }),
  /** A booking moved to another spot before it started (its spot is occupied or out of service). */
  "reservation.moved": z.object({ reservationId: uuid, fromSpotId: uuid, toSpotId: uuid, reason: z.enum(["occupied", "out_of_service"]) }),
  "session.receipt": z.object({ sessionId: uuid }),
  /** To a driver not seen for a while; the message's user is the driver. */
  "reminder.inactive": z.object({ inactiveDays: z.number().int().positive() }),
  /** The back office's figures of local calendar days `from`..`to` (each lot's own timezone). */
  "report.daily": z.object({ from: calendarDay, to: calendarDay }),
  "report.monthly": z.object({ from: calendarDay, to: calendarDay }),
  /** A driver's own month: the message's user, days read in `timezone`. */
  "report.personal": z.object({ from: calendarDay, to: calendarDay, timezone: z.string().refine(isTimeZone, "Unknown timezone").default("UTC") }),
  /** The driver's history (the message's user) as a CSV attachment, made when the mail is composed. */
  "export.history": z.object({}),
  /** Users, lots, reservations and sessions, a CSV attachment each, made when the mail is composed. */
  "export.all": z.object({}),
} as const;

export type NotificationKind = keyof typeof notificationPayloads;

export const notificationKinds = Object.keys(notificationPayloads) as NotificationKind[];

export type NotificationPayload<K extends NotificationKind> = z.input<(typeof notificationPayloads)[K]>;

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(notificationPayloads, kind);
}
