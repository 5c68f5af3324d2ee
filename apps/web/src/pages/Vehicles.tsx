import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, messageOf, type Vehicle, type VehicleType } from "../api.ts";
import { safeNext } from "../auth.ts";
import { Field, FormError, Notice, SelectField } from "../components/Field.tsx";
import { LoadError, Loading } from "../components/Loading.tsx";
import { vehicleTypeLabel, vehicleTypes } from "../lib/labels.ts";
import { useSubmit } from "../lib/useSubmit.ts";

export function Vehicles() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const vehicles = useQuery(trpc.vehicles.list.queryOptions());
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [notice, setNotice] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const removal = useMutation(
    trpc.vehicles.remove.mutationOptions({
      onMutate: () => {
        setRemoveError(null);
        setNotice(null);
      },
      onSuccess: (_ok, { id }) => setNotice(`Removed ${vehicles.data?.find((vehicle) => vehicle.id === id)?.plate ?? "the vehicle"}.`),
      onError: (caught, { id }) =>
        setRemoveError(`${vehicles.data?.find((vehicle) => vehicle.id === id)?.plate ?? "The vehicle"} cannot be removed: ${messageOf(caught)}`),
      onSettled: () => invalidate(trpc.vehicles),
    }),
  );
  const remove = (vehicle: Vehicle) => removal.mutate({ id: vehicle.id });

  return (
    <div className="stack">
      <header className="page-header">
        <h1>My vehicles</h1>
        <p className="muted">Reservations and parking are made for one of these.</p>
      </header>
      <section className="card" aria-labelledby="vehicles-list">
        <h2 id="vehicles-list">Your vehicles</h2>
        <Notice message={notice} />
        <FormError message={removeError} />
        {!vehicles.data ? (
          vehicles.isError ? (
            <LoadError error={vehicles.error} retry={() => void vehicles.refetch()} />
          ) : (
            <Loading />
          )
        ) : vehicles.data.length === 0 ? (
          <p className="muted">No vehicles yet. Add one below.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Plate</th>
                <th scope="col">Type</th>
                <th scope="col">Label</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {vehicles.data.map((vehicle) => (
                <tr key={vehicle.id}>
                  <td className="plate">{vehicle.plate}</td>
                  <td>{vehicleTypeLabel[vehicle.type]}</td>
                  <td>{vehicle.label ?? <span className="muted">—</span>}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      aria-label={`Remove ${vehicle.plate}`}
                      disabled={removal.isPending && removal.variables.id === vehicle.id}
                      onClick={() => remove(vehicle)}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AddVehicle
        onAdded={(vehicle) => {
          setNotice(`Added ${vehicle.plate}.`);
          setRemoveError(null);
          void invalidate(trpc.vehicles);
        }}
      />
      {next ? (
        <p>
          <Link to={next}>Back to reserving</Link>
        </p>
      ) : null}
    </div>
  );
}

function AddVehicle({ onAdded }: { onAdded: (vehicle: Vehicle) => void }) {
  const { onSubmit, busy, errors, message } = useSubmit(async (form, element) => {
    const label = String(form.get("label")).trim();
    const vehicle = await api.vehicles.create.mutate({
      plate: String(form.get("plate")),
      type: String(form.get("type")) as VehicleType,
      ...(label ? { label } : {}),
    });
    element.reset();
    onAdded(vehicle);
  });

  return (
    <section className="card" aria-labelledby="vehicles-add">
      <h2 id="vehicles-add">Add a vehicle</h2>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Plate" name="plate" required autoComplete="off" hint="Letters and digits; spaces and dashes are ignored." errors={errors.plate} />
        <SelectField
          label="Type"
          name="type"
          required
          defaultValue="car"
          options={vehicleTypes.map((t) => ({ value: t, label: vehicleTypeLabel[t] }))}
          errors={errors.type}
        />
        <Field label="Label" name="label" placeholder="e.g. Family car" errors={errors.label} />
        <FormError message={message} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Adding…" : "Add vehicle"}
        </button>
      </form>
    </section>
  );
}
