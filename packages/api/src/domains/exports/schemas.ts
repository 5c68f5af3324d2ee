import { z } from "zod";

export const historyExportInput = z.strictObject({ email: z.boolean().optional() }).prefault({});

export const historyExportOutput = z.object({ filename: z.string(), csv: z.string() });
