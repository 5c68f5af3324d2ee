import type { PaymentMethod, ReservationStatus, Role, Session, SpotKind, SpotStatus } from "../api.ts";

export { spotKindLabel, spotKinds, vehicleTypeLabel, vehicleTypes } from "@park/sdk";

export const spotStatuses: readonly SpotStatus[] = ["available", "occupied", "reserved", "out_of_service"];

export const spotStatusLabel: Record<SpotStatus, string> = {
  available: "Available",
  occupied: "Occupied",
  reserved: "Reserved",
  out_of_service: "Out of service",
};

/** The word printed inside a spot on the map, so status never relies on colour. */
export const spotStatusShort: Record<SpotStatus, string> = {
  available: "free",
  occupied: "taken",
  reserved: "held",
  out_of_service: "off",
};

/** Tag printed inside non-standard spots on the map. */
export const spotKindShort: Record<SpotKind, string> = {
  standard: "",
  compact: "C",
  ev: "EV",
  accessible: "ACC",
  motorcycle: "MC",
};

export const reservationStatuses: readonly ReservationStatus[] = ["confirmed", "checked_in", "completed", "cancelled", "expired"];

export const reservationStatusLabel: Record<ReservationStatus, string> = {
  confirmed: "confirmed",
  checked_in: "checked in",
  completed: "completed",
  cancelled: "cancelled",
  expired: "expired",
};

export const paymentStatusLabel: Record<Session["paymentStatus"], string> = { unpaid: "unpaid", paid: "paid", waived: "waived" };

export const paymentMethods: readonly PaymentMethod[] = ["card", "cash", "wallet"];

export const paymentMethodLabel: Record<PaymentMethod, string> = { card: "Card", cash: "Cash", wallet: "Wallet" };

/** "ev_charging" → "Ev charging": amenities are free-form tags. */
export function amenityLabel(tag: string): string {
  const known: Record<string, string> = { ev_charging: "EV charging", cctv: "CCTV", "24h": "Open 24 h" };
  const text = known[tag] ?? tag.replace(/[_-]+/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const roles: readonly Role[] = ["user", "attendant", "admin"];

export const roleLabel: Record<Role, string> = { user: "User", attendant: "Attendant", admin: "Admin" };

/** "an attendant", "a user": for sentences about a role. */
export const roleWithArticle: Record<Role, string> = { user: "a user", attendant: "an attendant", admin: "an admin" };

/** Every action the audit trail records, in words. */
export const auditActionLabel: Record<string, string> = {
  "lot.create": "Lot created",
  "lot.update": "Lot changed",
  "lot.delete": "Lot deleted",
  "level.create": "Level added",
  "row.create": "Row added",
  "spot.create": "Spot added",
  "spot.out_of_service": "Spot out of service",
  "spot.in_service": "Spot back in service",
  "gate.enter": "Gate entry",
  "gate.exit": "Gate exit",
  "session.end": "Parking ended",
  "session.pay": "Parking paid",
  "reservation.cancel": "Reservation cancelled",
  "user.update": "User changed",
};

export const auditTargetTypes = ["lot", "level", "row", "spot", "session", "reservation", "user"] as const;

export const auditTargetLabel: Record<string, string> = {
  lot: "Lot",
  level: "Level",
  row: "Row",
  spot: "Spot",
  session: "Parking session",
  reservation: "Reservation",
  user: "User",
};
