import { randomUUID } from "node:crypto";
import { type Database, signingKeys } from "@lk/db";
import { desc, gt, isNull, or, sql } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export const JWT_ALG = "ES256";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A key verifies tokens until its retirement time (none: it also signs, if it is the newest). */
export const activeKey = or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, sql`now()`));

/**
 * Access tokens are signed with an ES256 key kept in the database, so every API instance signs
 * with the same key and restarts keep sessions. Verification reads any key not retired (JWKS).
 * Every `refreshMs` the store re-reads which keys are active, so a rotation (`lk keys rotate`)
 * reaches every running instance within that time, without a restart.
 */
export class KeyStore {
  private current?: Promise<SigningKey>;
  private publicKeys = new Map<string, CryptoKey>();
  private loadedAt = 0;
  private refreshing?: Promise<void>;
  /**
   * Bumped when a key this process trusted is retired: caches of verified tokens remember the epoch
   * they were verified in and drop older entries, so a retired key's tokens stop working at once.
   */
  epoch = 0;

  constructor(
    private readonly db: Database,
    private readonly refreshMs = 60_000,
  ) {}

  signingKey(): Promise<SigningKey> {
    this.refreshIfStale();
    this.current ??= this.loadOrCreate().catch((e) => {
      this.current = undefined;
      throw e;
    });
    return this.current;
  }

  /** Starts a re-read of the active keys if the last one is older than `refreshMs`; never waits. */
  refreshIfStale(): void {
    if (!this.current || this.refreshing || Date.now() - this.loadedAt < this.refreshMs) return;
    this.loadedAt = Date.now();
    this.refreshing = this.reload()
      .catch(() => {}) // the database is away: keep the keys we have, try again after refreshMs
      .finally(() => {
        this.refreshing = undefined;
      });
  }

  private async reload() {
    const active = await this.db
      .select()
      .from(signingKeys)
      .where(activeKey)
      .orderBy(desc(signingKeys.createdAt));
    const kids = new Set(active.map((k) => k.kid));
    let retired = false;
    for (const kid of this.publicKeys.keys()) {
      if (!kids.has(kid)) {
        this.publicKeys.delete(kid);
        retired = true;
      }
    }
    const signing = active.find((k) => k.retiredAt === null);
    const current = await this.current?.catch(() => undefined);
    if (current && !kids.has(current.kid)) retired = true;
    if (signing && signing.kid !== current?.kid) this.current = Promise.resolve(toSigningKey(signing));
    if (retired) this.epoch++;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.signingKey();
    const all = await this.db.select().from(signingKeys).where(activeKey);
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
    this.loadedAt = Date.now();
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
    return toSigningKey(row);
  }
}

async function toSigningKey(row: typeof signingKeys.$inferSelect): Promise<SigningKey> {
  const privateKey = (await importJWK(row.privateJwk as JWK, row.alg)) as CryptoKey;
  return { kid: row.kid, privateKey, publicJwk: row.publicJwk as JWK };
}
