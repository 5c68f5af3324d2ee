// One lot with two levels (three standard spots, an EV spot, a motorcycle
// spot), an admin and an attendant: the ground most parking suites stand on.
import { createTestApi, type Caller, type TestApi } from "./harness.ts";

export interface ParkingFixture {
  api: TestApi;
  admin: Caller;
  attendant: Caller;
  lotId: string;
  /** A fresh plate, unique in the suite. */
  plate(): string;
  /** A new driver who owns one vehicle of that type. */
  driverWithCar(type?: "car" | "motorcycle" | "van"): Promise<{ id: string; caller: Caller; vehicle: { id: string; plate: string } }>;
}

export async function openParkingFixture(kind: "pglite" | "postgres"): Promise<ParkingFixture> {
  const api = await createTestApi(kind);
  const admin = (await api.signUp("admin")).caller;
  const attendant = (await api.signUp("attendant")).caller;
  const lot = await admin.lots.create({
    name: "Main",
    address: "x",
    city: "Testville",
    hourlyRateCents: 250,
    dailyMaxCents: 1800,
    layout: {
      levels: [
        {
          name: "L1",
          rows: [
            { name: "A", spots: 3 },
            { name: "E", spots: 1, kind: "ev" },
          ],
        },
        { name: "L2", rows: [{ name: "M", spots: 1, kind: "motorcycle" }] },
      ],
    },
  });
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let plates = 0;
  const plate = () => `P${tag}${plates++}`;
  return {
    api,
    admin,
    attendant,
    lotId: lot.id,
    plate,
    driverWithCar: async (type = "car") => {
      const driver = await api.signUp();
      const vehicle = await driver.caller.vehicles.create({ plate: plate(), type });
      return { ...driver, vehicle };
    },
  };
}
