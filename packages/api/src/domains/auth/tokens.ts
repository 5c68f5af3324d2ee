import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import { AppError } from "../../shared/errors.ts";

export interface TokenConfig {
  secret: string;
  issuer?: string;
  audience?: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

export interface TokenIssuer {
  readonly refreshTtlSeconds: number;
  signAccess(user: { id: string; role: string }): Promise<string>;
  /** Throws `INVALID_TOKEN` for anything but a valid, unexpired token of ours. */
  verifyAccess(token: string): Promise<{ userId: string }>;
}

const algorithm = "HS256";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createTokenIssuer(config: TokenConfig): TokenIssuer {
  // Imported once: jose would otherwise import raw key bytes on every verify.
  const key = crypto.subtle.importKey("raw", new TextEncoder().encode(config.secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const issuer = config.issuer ?? "park";
  const audience = config.audience ?? "park-api";
  const accessTtl = config.accessTtlSeconds ?? 15 * 60;
  // A token that verified once stays valid until it expires (revocation is the
  // account's state, read on every call), and a client sends the same token
  // many times: checking its signature again costs more than the rest of a
  // typical call, so the outcome is kept, keyed by the exact token, until then.
  const verified = new LRUCache<string, { userId: string; expiresAt: number }>({ max: 20_000 });
  return {
    refreshTtlSeconds: config.refreshTtlSeconds ?? 30 * 24 * 3600,
    signAccess: async (user) =>
      new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: algorithm, typ: "JWT" })
        .setSubject(user.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${accessTtl}s`)
        .sign(await key),
    verifyAccess: async (token) => {
      const known = verified.get(token);
      if (known && known.expiresAt > Date.now()) return { userId: known.userId };
      try {
        const { payload } = await jwtVerify(token, await key, { algorithms: [algorithm], issuer, audience, requiredClaims: ["sub", "exp"] });
        if (!uuidPattern.test(payload.sub!)) throw new AppError("INVALID_TOKEN", "Invalid or expired token");
        const expiresAt = payload.exp! * 1000;
        verified.set(token, { userId: payload.sub!, expiresAt }, { ttl: Math.max(1, expiresAt - Date.now()) });
        return { userId: payload.sub! };
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) {
          throw new AppError("INVALID_TOKEN", "Invalid or expired token");
        }
        throw error;
      }
    },
  };
}

/** Refresh tokens are opaque random strings; only their hash is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
