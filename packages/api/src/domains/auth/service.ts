import { dbViolation, hashPassword, Prisma, verifyPassword, type Db } from "@park/db";
import { AppError } from "../../shared/errors.ts";
import type { UserOutput } from "../users/schemas.ts";
import type { AuthLimiter } from "./limiter.ts";
import { hashRefreshToken, newRefreshToken, type TokenIssuer } from "./tokens.ts";

export interface AuthDeps {
  db: Db;
  tokens: TokenIssuer;
  authLimiter: AuthLimiter;
  /** Where the request came from, as the server determined it. */
  clientAddress: string;
}

export const userSelect = { id: true, username: true, email: true, role: true, phone: true, createdAt: true } as const;

/**
 * The caller's account as every protected call reads it, so that disabling
 * takes effect at once. The hottest query there is: sent straight to the
 * driver rather than through Prisma's query engine.
 */
export async function readAccount(db: Db, userId: string): Promise<(UserOutput & { disabled: boolean }) | undefined> {
  const [user] = await db.$sql<UserOutput & { disabled: boolean }>(Prisma.sql`
    SELECT id, username::text, email::text, role::text, phone, created_at AS "createdAt", disabled FROM users WHERE id = ${userId}::uuid`);
  return user;
}

/**
 * The account an access token belongs to, read afresh on every call so that
 * disabling it takes effect at once; refused without a token, with a bad one,
 * or for a disabled account.
 */
export async function signedInUser({ db, tokens }: { db: Db; tokens: TokenIssuer }, accessToken: string | null | undefined): Promise<UserOutput> {
  if (!accessToken) throw new AppError("UNAUTHENTICATED", "Sign in first");
  const claims = await tokens.verifyAccess(accessToken);
  const found = await readAccount(db, claims.userId);
  if (!found || found.disabled) throw new AppError("INVALID_TOKEN", "Invalid or expired token");
  const { disabled: _disabled, ...user } = found;
  return user;
}

export interface AuthResult {
  user: UserOutput;
  accessToken: string;
  refreshToken: string;
}

export async function register(deps: AuthDeps, input: { username: string; email: string; password: string; phone?: string | undefined }): Promise<AuthResult> {
  await deps.authLimiter.registration(deps.clientAddress);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await deps.db.user.create({
      data: { username: input.username, email: input.email, passwordHash, phone: input.phone ?? null },
      select: userSelect,
    });
    return issueSession(deps, user);
  } catch (error) {
    const violation = dbViolation(error);
    if (violation?.kind === "unique") {
      const field = violation.fields.includes("email") || violation.constraint?.includes("email") ? "email" : "username";
      throw field === "email"
        ? new AppError("EMAIL_TAKEN", "That email is already registered", { field })
        : new AppError("USERNAME_TAKEN", "That username is taken", { field });
    }
    throw error;
  }
}

const badCredentials = () => new AppError("INVALID_CREDENTIALS", "Wrong login or password");

/**
 * The attempt is counted before the password is checked, against the account
 * whichever of its names was given (an unknown name counts for itself, so
 * unknown and known logins behave alike) and against the client address.
 * A disabled account answers exactly like a wrong password, after the same
 * work, so that guessing learns nothing from it.
 */
export async function login(deps: AuthDeps, input: { login: string; password: string }): Promise<AuthResult> {
  // citext columns compare case-insensitively.
  const where = input.login.includes("@") ? { email: input.login } : { username: input.login };
  const found = await deps.db.user.findUnique({ where, select: { ...userSelect, passwordHash: true, disabled: true } });
  const account = found ? `user:${found.id}` : `name:${input.login.trim().toLowerCase()}`;
  const attempt = await deps.authLimiter.loginAttempt(account, deps.clientAddress);
  const valid = await verifyPassword(found?.passwordHash ?? null, input.password);
  if (!found || !valid || found.disabled) throw badCredentials();
  await attempt.succeeded();
  const { passwordHash: _hash, disabled: _disabled, ...user } = found;
  return issueSession(deps, user);
}

/** A new login: a fresh token family. */
async function issueSession(deps: AuthDeps, user: UserOutput): Promise<AuthResult> {
  const refresh = newRefreshToken();
  await deps.db.refreshToken.create({
    data: { userId: user.id, familyId: crypto.randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry(deps) },
  });
  return { user, accessToken: await deps.tokens.signAccess(user), refreshToken: refresh.token };
}

function refreshExpiry(deps: AuthDeps) {
  return new Date(Date.now() + deps.tokens.refreshTtlSeconds * 1000);
}

const invalidRefresh = () => new AppError("INVALID_TOKEN", "Invalid or expired refresh token");

/**
 * Rotates a refresh token. A token that was already rotated or revoked is
 * treated as stolen: its whole family is revoked.
 */
export async function refresh(deps: AuthDeps, token: string): Promise<AuthResult> {
  const stored = await deps.db.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    select: { id: true, familyId: true, expiresAt: true, user: { select: { ...userSelect, disabled: true } } },
  });
  if (!stored) throw invalidRefresh();
  const now = new Date();
  const { disabled: _disabledWhenRead, ...user } = stored.user;
  // Claiming the old token and writing its successor commit together: a
  // concurrent re-use waits on the row and then revokes the successor too.
  // The account is share-locked first, so a password change or a disabling
  // either waits for this rotation and then revokes its successor, or has
  // already revoked the old token when the claim runs.
  let disabled = false;
  const next = await deps.db.$transaction(async (tx) => {
    const [account] = await tx.$queryRaw<{ disabled: boolean }[]>`SELECT disabled FROM users WHERE id = ${user.id}::uuid FOR SHARE`;
    disabled = account?.disabled ?? true;
    const claimed = await tx.refreshToken.updateMany({
      where: { id: stored.id, rotatedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { rotatedAt: now },
    });
    if (claimed.count !== 1 || disabled) return null;
    const token = newRefreshToken();
    await tx.refreshToken.create({ data: { userId: user.id, familyId: stored.familyId, tokenHash: token.hash, expiresAt: refreshExpiry(deps) } });
    return token;
  });
  if (!next) {
    if (stored.expiresAt > now || disabled) await revokeFamily(deps.db, stored.familyId);
    throw disabled ? new AppError("ACCOUNT_DISABLED", "This account is disabled") : invalidRefresh();
  }
  return { user, accessToken: await deps.tokens.signAccess(user), refreshToken: next.token };
}

export async function logout(deps: AuthDeps, token: string): Promise<{ ok: true }> {
  const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) }, select: { familyId: true } });
  if (stored) await revokeFamily(deps.db, stored.familyId);
  return { ok: true };
}

export async function changePassword(db: Db, userId: string, input: { currentPassword: string; newPassword: string }): Promise<{ ok: true }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_INPUT", "Current password is wrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    // Only over the password that was checked: of two changes at once, one wins.
    const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new AppError("INVALID_INPUT", "Current password is wrong");
    // After the account's row lock: sees every token a concurrent refresh committed.
    await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  });
  return { ok: true };
}

async function revokeFamily(db: Db, familyId: string) {
  await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}
