/**
 * A size-capped map: when full, the oldest entry makes room (insertion order). Owner
 * ciphertexts are deterministic, so a cached answer is exactly what the cipher would compute
 * again; only authenticated results are ever put in.
 */
export class BoundedCache<Key, Value> {
  readonly #map = new Map<Key, Value>();
  readonly #limit: number;

  /** A cache of at most `limit` entries. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The cached value, or `undefined`. */
  get(key: Key): Value | undefined {
    return this.#map.get(key);
  }

  /** Stores a value, evicting the oldest entry when full. */
  set(key: Key, value: Value): void {
    if (this.#map.size >= this.#limit && !this.#map.has(key)) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) this.#map.delete(oldest.value);
    }
    this.#map.set(key, value);
  }
}
