import type { Principal } from './scopes.ts';

/** What a verification proved, and with which key, so a hit can be checked cheaply. */
export interface VerifiedToken {
  principal: Principal;
  /** The key object the signature verified with (identity is what counts). */
  key: unknown;
  /** `exp` in milliseconds. */
  expiresAtMs: number;
}

/**
 * Tokens whose signature and claims were verified already. Clients send the same token on
 * every request, and an RS256 verification cost a fifth of the api's CPU under load. A hit is
 * used only while the key set still returns the very key object that verified it (a rotated
 * or retired key misses at once) and before `exp` plus the clock tolerance. Bounded: the oldest
 * entry goes when it is full.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The principal, if `token` was verified with `currentKey` and has not expired by `nowMs`. */
  lookup(token: string, currentKey: unknown, nowMs: number, toleranceMs: number):
    Principal | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.key !== currentKey || nowMs > entry.expiresAtMs + toleranceMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  remember(token: string, verified: VerifiedToken): void {
    if (this.#maxEntries === 0) return;
    this.#entries.delete(token);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, verified);
  }
}
