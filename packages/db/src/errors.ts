// Recognises the database's constraint violations and passing failures once, here, so services can
// turn them into domain errors without knowing Prisma's or PostgreSQL's codes.

export type DbViolation =
  | { kind: "unique"; fields: string[]; constraint: string | undefined }
  | { kind: "overlap"; constraint: string | undefined }
  | { kind: "foreignKey"; constraint: string | undefined }
  /** A rule raised by the database's own triggers: SQLSTATE class PK (see the migrations). */
  | { kind: "rule"; code: string; message: string };

interface AdapterCause {
  originalCode?: string;
  originalMessage?: string;
  kind?: string;
  constraint?: { fields?: string[]; index?: string };
}

interface DbFailure {
  meta?: { driverAdapterError?: { cause?: AdapterCause }; target?: unknown };
  code?: string;
  constraint?: string;
  message?: string;
}

/** The failure and the driver's own cause: through Prisma the driver's error is the cause; straight from the driver it is the error itself. */
function causeOf(error: unknown): { direct: DbFailure; cause: AdapterCause | undefined; code: string | undefined } | null {
  if (!error || typeof error !== "object") return null;
  const direct = error as DbFailure;
  const cause = direct.meta?.driverAdapterError?.cause;
  return { direct, cause, code: cause?.originalCode ?? direct.code };
}

export function dbViolation(error: unknown): DbViolation | null {
  const failure = causeOf(error);
  if (!failure) return null;
  const { direct, cause, code } = failure;
  const meta = direct.meta;
  const message = cause?.originalMessage ?? direct.message;
  const constraint = constraintName(message) ?? direct.constraint;
  switch (code) {
    case "23505":
    case "P2002":
      return { kind: "unique", fields: cause?.constraint?.fields ?? fieldsOf(meta?.target), constraint };
    case "23P01":
      return { kind: "overlap", constraint };
    case "23503":
    case "P2003":
      return { kind: "foreignKey", constraint: cause?.constraint?.index ?? constraint };
    default:
      return code?.startsWith("PK") ? { kind: "rule", code, message: message ?? "" } : null;
  }
}

function constraintName(message: string | undefined): string | undefined {
  return message?.match(/constraint "([^"]+)"/)?.[1];
}

function fieldsOf(target: unknown): string[] {
  return Array.isArray(target) ? target.map(String) : [];
}

/**
 * Whether the database gave up on the statement for a reason of timing rather
 * than of data (a deadlock, or a serialization failure): the same call sent
 * again can succeed.
 */
export function transientDbFailure(error: unknown): boolean {
  const code = causeOf(error)?.code;
  return code === "40P01" || code === "40001";
}
