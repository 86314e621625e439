import { randomUUID } from "node:crypto";
import { type Database, signingKeys } from "@lk/db";
import { desc, isNull } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export const JWT_ALG = "ES256";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Access tokens are signed with an ES256 key kept in the database, so every API instance signs
 * with the same key and restarts keep sessions. Verification reads any key not retired (JWKS).
 */
export class KeyStore {
  private current?: Promise<SigningKey>;
  private publicKeys = new Map<string, CryptoKey>();

  constructor(private readonly db: Database) {}

  signingKey(): Promise<SigningKey> {
    this.current ??= this.loadOrCreate().catch((e) => {
      this.current = undefined;
      throw e;
    });
    return this.current;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.signingKey();
    const all = await this.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    return { keys: all.map((k) => ({ ...(k.publicJwk as JWK), kid: k.kid, alg: k.alg, use: "sig" })) };
  }

  /** The public key for `kid`, or null if we never issued it. */
  async verificationKey(kid: string): Promise<CryptoKey | null> {
    const cached = this.publicKeys.get(kid);
    if (cached) return cached;
    const { keys } = await this.jwks();
    const jwk = keys.find((k) => k.kid === kid);
    if (!jwk) return null;
    const key = (await importJWK(jwk, JWT_ALG)) as CryptoKey;
    this.publicKeys.set(kid, key);
    return key;
  }

  private async loadOrCreate(): Promise<SigningKey> {
    let [row] = await this.db
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1);
    if (!row) {
      const { privateKey, publicKey } = await generateKeyPair(JWT_ALG, { extractable: true });
      const kid = randomUUID();
      await this.db
        .insert(signingKeys)
        .values({
          kid,
          alg: JWT_ALG,
          privateJwk: await exportJWK(privateKey),
          publicJwk: await exportJWK(publicKey),
        })
        .onConflictDoNothing();
      [row] = await this.db
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt))
        .orderBy(desc(signingKeys.createdAt))
        .limit(1);
    }
    if (!row) throw new Error("no signing key");
    const privateKey = (await importJWK(row.privateJwk as JWK, row.alg)) as CryptoKey;
    return { kid: row.kid, privateKey, publicJwk: row.publicJwk as JWK };
  }
}
