import { pino } from "pino";

export function createLogger(level: string) {
  return pino({ level, base: { service: "park" }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type AppLogger = ReturnType<typeof createLogger>;
