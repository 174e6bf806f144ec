// Maps whose entries are made on first use: the one "get, or insert a new value" operation every layer shares.
// (It stands in for Map.prototype.getOrInsertComputed, which Node 20 does not have.)

/** The value `map` (a Map or a WeakMap) holds at `key`, inserted from `make()` first when it holds none. */
export function getOrInsertComputed<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}
