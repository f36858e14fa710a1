/**
 * The promise kept in `map` under `key`, made by `make` on the first call. A promise that rejects is
 * dropped, so the next call makes a new one (a failed signer or key is not served for good).
 */
export function remembered<K, V>(map: Map<K, Promise<V>>, key: K, make: () => Promise<V>): Promise<V> {
  let found = map.get(key);
  if (!found) {
    const made = make();
    made.catch(() => {
      if (map.get(key) === made) map.delete(key);
    });
    map.set(key, made);
    found = made;
  }
  return found;
}
