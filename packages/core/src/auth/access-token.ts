import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import type { CoreConfig } from "../config";
import { invalidToken } from "./errors";
import { JWT_ALG, type KeyStore } from "./signing-keys";

export interface AccessClaims {
  userId: string;
  companyId: string;
  sessionId: string;
  /** Signed in with a temporary password: the token only allows setting a new one. */
  passwordChangeOnly: boolean;
}

const AUDIENCE = "lk-api";

export async function issueAccessToken(keys: KeyStore, config: CoreConfig, claims: AccessClaims, now: Date) {
  const key = await keys.signingKey();
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({
    cid: claims.companyId,
    sid: claims.sessionId,
    pwc: claims.passwordChangeOnly,
  })
    .setProtectedHeader({ alg: JWT_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(config.auth.issuer)
    .setAudience(AUDIENCE)
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.auth.accessTtlSec)
    .sign(key.privateKey);
  return { token, expiresIn: config.auth.accessTtlSec };
}

/**
 * Tokens whose signature, issuer and audience were already verified, with their expiry (seconds).
 * An ES256 verification costs more CPU than the rest of a small request; the same token string
 * always verifies the same way, so only the expiry is checked again (against the caller's clock).
 * The session, block and groups are still read from the database on every request.
 */
const verified = new WeakMap<KeyStore, Map<string, { claims: AccessClaims; exp: number; epoch: number }>>();
const VERIFIED_MAX = 10_000;

/** Verifies signature (our keys only, ES256 only — `alg: none` and HS* are refused), issuer, audience, expiry. */
export async function verifyAccessToken(
  keys: KeyStore,
  config: CoreConfig,
  token: string,
  now: Date,
): Promise<AccessClaims> {
  keys.refreshIfStale();
  let cache = verified.get(keys);
  const hit = cache?.get(token);
  if (hit) {
    // A key retired since (keys.epoch moved on) may have signed it: verify it again.
    if (hit.exp > Math.floor(now.getTime() / 1000) && hit.epoch === keys.epoch) return hit.claims;
    cache!.delete(token);
  }
  const { claims, exp } = await verifyUncached(keys, config, token, now);
  if (exp !== undefined) {
    if (!cache) {
      cache = new Map();
      verified.set(keys, cache);
    }
    if (cache.size >= VERIFIED_MAX) cache.clear();
    cache.set(token, { claims, exp, epoch: keys.epoch });
  }
  return claims;
}

async function verifyUncached(
  keys: KeyStore,
  config: CoreConfig,
  token: string,
  now: Date,
): Promise<{ claims: AccessClaims; exp: number | undefined }> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalidToken();
  }
  const key = kid ? await keys.verificationKey(kid) : null;
  if (!key) throw invalidToken();
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [JWT_ALG],
      issuer: config.auth.issuer,
      audience: AUDIENCE,
      currentDate: now,
      // A token without `exp` (or `iat`) would never expire: refused even when our key signed it
      // (issue 18), and none lives longer than an access token may.
      requiredClaims: ["exp", "iat", "sub"],
      maxTokenAge: `${config.auth.accessTtlSec + 60}s`,
    });
    if (
      typeof payload.sub !== "string" ||
      typeof payload.cid !== "string" ||
      typeof payload.sid !== "string"
    ) {
      throw invalidToken();
    }
    return {
      claims: {
        userId: payload.sub,
        companyId: payload.cid,
        sessionId: payload.sid,
        passwordChangeOnly: payload.pwc === true,
      },
      exp: payload.exp,
    };
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_JWT_EXPIRED") throw invalidToken("token_expired");
    throw invalidToken();
  }
}
