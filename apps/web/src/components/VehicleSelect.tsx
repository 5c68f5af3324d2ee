import { useState, type ReactNode } from "react";
import { api, type Vehicle } from "../api.ts";
import { useQuery, type Query } from "../lib/useQuery.ts";
import { SelectField } from "./Field.tsx";

const loadVehicles = () => api.vehicles.list.query();

export interface VehicleChoice {
  vehicles: Query<Vehicle[]>;
  /** Empty until the vehicles have loaded. */
  list: Vehicle[];
  /** The picked vehicle, or the first one until the user picks; "" when there is none. */
  vehicleId: string;
  pick: (vehicleId: string) => void;
}

/** The user's vehicles and which of them a form is for. */
export function useVehicleChoice(): VehicleChoice {
  const vehicles = useQuery(loadVehicles);
  const [picked, pick] = useState("");
  const list = vehicles.status === "success" ? vehicles.data : [];
  return { vehicles, list, vehicleId: picked || list[0]?.id || "", pick };
}

export function VehicleSelect({ choice, errors, hint }: { choice: VehicleChoice; errors?: string[] | undefined; hint?: ReactNode }) {
  return (
    <SelectField
      label="Vehicle"
      name="vehicleId"
      required
      disabled={choice.vehicles.status === "loading"}
      value={choice.vehicleId}
      onChange={(event) => choice.pick(event.target.value)}
      options={choice.list.map((v) => ({ value: v.id, label: v.label ? `${v.plate} (${v.label})` : v.plate }))}
      errors={errors}
      hint={hint}
    />
  );
}
