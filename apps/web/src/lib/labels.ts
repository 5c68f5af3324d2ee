import type { PaymentMethod, ReservationStatus, Session, SpotKind, SpotStatus, VehicleType } from "../api.ts";

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

export const spotKinds: readonly SpotKind[] = ["standard", "compact", "ev", "accessible", "motorcycle"];

export const spotKindLabel: Record<SpotKind, string> = {
  standard: "Standard",
  compact: "Compact",
  ev: "EV charging",
  accessible: "Accessible",
  motorcycle: "Motorcycle",
};

/** Tag printed inside non-standard spots on the map. */
export const spotKindShort: Record<SpotKind, string> = {
  standard: "",
  compact: "C",
  ev: "EV",
  accessible: "ACC",
  motorcycle: "MC",
};

export const vehicleTypes: readonly VehicleType[] = ["car", "motorcycle", "van"];

export const vehicleTypeLabel: Record<VehicleType, string> = { car: "Car", motorcycle: "Motorcycle", van: "Van" };

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
