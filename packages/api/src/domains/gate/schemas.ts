import { z } from "zod";
import { id } from "../../shared/schemas.ts";
import { plate } from "../vehicles/schemas.ts";

export const gateInput = z.strictObject({ lotId: id, plate });
