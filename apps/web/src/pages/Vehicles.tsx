import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, messageOf, type Vehicle, type VehicleType } from "../api.ts";
import { safeNext } from "../auth.tsx";
import { Field, FormError, Notice, SelectField } from "../components/Field.tsx";
import { LoadError, Loading } from "../components/Loading.tsx";
import { vehicleTypeLabel, vehicleTypes } from "../lib/labels.ts";
import { useQuery } from "../lib/useQuery.ts";
import { useSubmit } from "../lib/useSubmit.ts";

const loadVehicles = () => api.vehicles.list.query();

export function Vehicles() {
  const vehicles = useQuery(loadVehicles);
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [notice, setNotice] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const remove = async (vehicle: Vehicle) => {
    setRemoving(vehicle.id);
    setRemoveError(null);
    setNotice(null);
    try {
      await api.vehicles.remove.mutate({ id: vehicle.id });
      setNotice(`Removed ${vehicle.plate}.`);
      vehicles.refresh();
    } catch (caught) {
      setRemoveError(`${vehicle.plate} cannot be removed: ${messageOf(caught)}`);
    } finally {
      setRemoving(null);
    }
  };

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
        {vehicles.status === "loading" ? (
          <Loading />
        ) : vehicles.status === "error" ? (
          <LoadError error={vehicles.error} retry={vehicles.reload} />
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
                      disabled={removing === vehicle.id}
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
          vehicles.refresh();
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
