import { useTRPC } from "@park/sdk/react";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Vehicle } from "../api.ts";
import { SelectField } from "./Field.tsx";

export interface VehicleChoice {
  vehicles: UseQueryResult<Vehicle[], unknown>;
  /** Empty until the vehicles have loaded. */
  list: Vehicle[];
  /** The picked vehicle, or the first one until the user picks; "" when there is none. */
  vehicleId: string;
  pick: (vehicleId: string) => void;
}

/** The user's vehicles and which of them a form is for. */
export function useVehicleChoice(): VehicleChoice {
  const trpc = useTRPC();
  const vehicles = useQuery(trpc.vehicles.list.queryOptions());
  const [picked, pick] = useState("");
  const list = vehicles.data ?? [];
  return { vehicles, list, vehicleId: picked || list[0]?.id || "", pick };
}

export function VehicleSelect({ choice, errors, hint }: { choice: VehicleChoice; errors?: string[] | undefined; hint?: ReactNode }) {
  return (
    <SelectField
      label="Vehicle"
      name="vehicleId"
      required
      disabled={choice.vehicles.isPending}
      value={choice.vehicleId}
      onChange={(event) => choice.pick(event.target.value)}
      options={choice.list.map((v) => ({ value: v.id, label: v.label ? `${v.plate} (${v.label})` : v.plate }))}
      errors={errors}
      hint={hint}
    />
  );
}
