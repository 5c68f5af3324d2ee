import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
// algorithm 2 is argon2id (the package exports it as an ambient const enum).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// A real hash to verify against when the account does not exist, so unknown
// users cost as much time as wrong passwords.
let decoy: Promise<string> | undefined;

/** Constant-time check; `storedHash` null means "no such user". */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const target = storedHash ?? (await (decoy ??= hashPassword("decoy-password-for-timing")));
  try {
    const ok = await verify(target, password);
    return ok && storedHash !== null;
  } catch {
    return false;
  }
}
