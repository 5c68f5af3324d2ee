import { isKnownTimezone } from "@park/api";
import { z } from "zod";
import { parseTrustProxy } from "./client-address.ts";

// process.env is read here and nowhere else.

const url = (protocols: string[], what: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${what} URL (${protocols.map((p) => `${p}//…`).join(" or ")})`,
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ error: "must be a number" }).int().min(0).max(65_535, "must be a port number (0-65535)").default(4000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_URL: url(["postgres:", "postgresql:"], "PostgreSQL").optional(),
    DATABASE_POOL_SIZE: z.coerce.number({ error: "must be a number" }).int().min(1).max(200).default(10),
    DATA_DIR: z.string().min(1).default(".data"),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ADMIN_EMAIL: z.email("must be an email address").optional(),
    ADMIN_PASSWORD: z.string().min(8, "must be 8 to 128 characters").max(128, "must be 8 to 128 characters").optional(),
    CORS_ORIGINS: z.string().optional(),
    REDIS_URL: url(["redis:", "rediss:"], "Redis").optional(),
    // Names the queues on REDIS_URL, so that two deployments can share one Redis.
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1 to 64 letters, digits, '.', '_' or '-'")
      .default("park"),
    SMTP_URL: url(["smtp:", "smtps:"], "SMTP").optional(),
    // The sender of every notification; its domain also names their Message-IDs.
    MAIL_FROM: z
      .string()
      .regex(/^([^<>\r\n]*<)?[^\s<>@]+@[^\s<>@]+\.?[^\s<>@]*>?$/, "must be an address, or a name and <address>")
      .default("Park <no-reply@park.local>"),
    // How long a process holds a message it is sending before another may take it over (a process that died).
    MAIL_LEASE_SECONDS: z.coerce.number({ error: "must be a number" }).int().min(2).max(3_600).default(120),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    WEB_DIST: z.string().optional(),
    KIOSK_DIST: z.string().optional(),
    TRUST_PROXY: z
      .string()
      .transform((value, ctx) => {
        try {
          return parseTrustProxy(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .default(0),
    LOGIN_FAILURES_PER_ADDRESS: z.coerce.number({ error: "must be a number" }).int().min(1, "must be at least 1").default(50),
    REGISTRATIONS_PER_ADDRESS: z.coerce.number({ error: "must be a number" }).int().min(1, "must be at least 1").default(20),
    MAX_SUBSCRIPTIONS_PER_CLIENT: z.coerce.number({ error: "must be a number" }).int().min(1, "must be at least 1").default(50),
    // Plain queries and mutations skip tRPC's fetch adapter unless this says off.
    DEFAULT_CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
      .default("USD"),
    PARK_FAST_PATH: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
    SCHEDULE_TIMEZONE: z.string().refine(isKnownTimezone, "must be an IANA timezone such as UTC or Europe/Paris").default("UTC"),
    // Off: this server runs no jobs, and leaves them to workers or other servers.
    RUN_JOBS: z
      .enum(["true", "false"], { error: 'must be "true" or "false"' })
      .default("true")
      .transform((value) => value === "true"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required when NODE_ENV=production" });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: "ADMIN_EMAIL and ADMIN_PASSWORD go together" });
    }
  });

export type Env = z.infer<typeof envSchema> & { corsOrigins: string[] };

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "not set".
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "config"} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const corsOrigins = (parsed.data.CORS_ORIGINS ?? "http://localhost:5173")
    .split(",")
    .map((origin) => origin.trim().replace(/\/$/, ""))
    .filter(Boolean);
  return { ...parsed.data, corsOrigins };
}
